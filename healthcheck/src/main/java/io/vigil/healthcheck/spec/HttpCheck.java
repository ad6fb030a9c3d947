package io.vigil.healthcheck.spec;

import java.util.List;
import java.util.Optional;

/**
 * {@code HTTP_GET} / {@code SSL_GET}: every URL must answer with an accepted status and, when given, the digest.
 *
 * @param connect     where to connect
 * @param tls         SSL_GET (TLS through Netty's SslHandler, certificates not verified, as keepalived does not
 *                    set SSL_VERIFY_PEER: check_ssl.c {@code build_ssl_ctx})
 * @param protocol    {@code http_protocol}
 * @param virtualhost the checker's Host header (the director passes the RS or VS one here when the checker has none)
 * @param enableSni   {@code enable_sni}: send SNI (check_ssl.c L267-281)
 * @param sniName     {@code sni_name}; otherwise the URL's, then the checker's virtualhost is sent
 * @param urls        at least one URL
 */
public record HttpCheck(ConnectOptions connect, boolean tls, HttpProtocol protocol, Optional<String> virtualhost,
                        boolean enableSni, Optional<String> sniName, List<UrlCheck> urls) implements ProbeSpec {

    public HttpCheck {
        if (connect == null || protocol == null || urls == null || urls.isEmpty()) {
            throw new IllegalArgumentException("HTTP check needs connect options, a protocol and at least one url");
        }
        urls = List.copyOf(urls);
    }

    /** A plain HTTP_GET with HTTP/1.0, no virtualhost, no SNI. */
    public static HttpCheck get(ConnectOptions connect, List<UrlCheck> urls) {
        return new HttpCheck(connect, false, HttpProtocol.HTTP_1_0, Optional.empty(), false, Optional.empty(), urls);
    }

    /** The Host header value for {@code url}: its virtualhost, the checker's, or {@code ip:port} (check_http.c L1677-1696). */
    public String hostHeader(UrlCheck url) {
        return url.virtualhost().or(() -> virtualhost).orElseGet(() -> {
            String ip = connect.target().getAddress().getHostAddress();
            String literal = ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip;
            return literal + ":" + connect.target().getPort();
        });
    }

    /** The SNI host name for {@code url}, if SNI is enabled and a name is known (check_ssl.c L267-281). */
    public Optional<String> sniFor(UrlCheck url) {
        if (!enableSni) {
            return Optional.empty();
        }
        return sniName.or(url::virtualhost).or(() -> virtualhost);
    }

    @Override
    public String keyword() {
        return tls ? "SSL_GET" : "HTTP_GET";
    }
}
