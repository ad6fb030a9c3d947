package io.vigil.healthcheck.check;

import io.vigil.healthcheck.spec.ConnectOptions;
import io.vigil.healthcheck.spec.HttpCheck;
import io.vigil.healthcheck.spec.HttpProtocol;
import io.vigil.healthcheck.spec.UrlCheck;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * keepalived's {@code genhash}: fetches one URL the way HTTP_GET/SSL_GET does and returns the MD5 of its body, the
 * value to put in a {@code url}'s {@code digest} (genhash(1); check_genhash.c). For {@code vigil genhash}.
 * Threading: any thread; the future completes on the transport's event loop.
 */
public final class GenHash {

    private final HttpFetcher fetcher;

    public GenHash(CheckTransport transport) {
        this.fetcher = new HttpFetcher(transport);
    }

    /**
     * Fetches {@code path} from {@code server}, sending SNI whenever a virtualhost is given.
     *
     * @param server       address and port
     * @param tls          SSL_GET
     * @param virtualhost  Host header and SNI name; {@code ip:port} is sent as Host when empty
     * @param protocol     http_protocol
     * @param timeoutNanos connect and read timeout
     * @return the fetch; its {@link HttpFetch#md5Hex()} is the digest when {@link HttpFetch#ok()}
     */
    public CompletableFuture<HttpFetch> fetch(InetSocketAddress server, String path, boolean tls,
                                              Optional<String> virtualhost, HttpProtocol protocol, long timeoutNanos) {
        return fetch(server, path, tls, virtualhost, virtualhost.isPresent(), protocol, timeoutNanos);
    }

    /**
     * Fetches {@code path} from {@code server}; SNI is sent only with {@code sni} and a virtualhost, as genhash's
     * {@code --use-sni} does.
     *
     * @param server       address and port
     * @param tls          SSL_GET
     * @param virtualhost  Host header (and SNI name with {@code sni}); {@code ip:port} is sent as Host when empty
     * @param sni          send the virtualhost as TLS SNI
     * @param protocol     http_protocol
     * @param timeoutNanos connect and read timeout
     * @return the fetch; its {@link HttpFetch#md5Hex()} is the digest when {@link HttpFetch#ok()}
     */
    public CompletableFuture<HttpFetch> fetch(InetSocketAddress server, String path, boolean tls,
                                              Optional<String> virtualhost, boolean sni, HttpProtocol protocol,
                                              long timeoutNanos) {
        UrlCheck url = UrlCheck.path(path);
        HttpCheck spec = new HttpCheck(ConnectOptions.to(server, timeoutNanos), tls, protocol, virtualhost,
                sni, Optional.empty(), List.of(url));
        return fetcher.fetch(spec.connect(), tls, spec.sniFor(url),
                HttpFetcher.request(protocol, path, spec.hostHeader(url)));
    }
}
