package io.vigil.director.config;

import java.util.List;

/**
 * {@code HTTP_GET} or {@code SSL_GET}: GET each url and compare status or MD5 digest (check_http.c).
 *
 * @param tls           true for SSL_GET
 * @param settings      the shared checker options
 * @param httpProtocol  {@code http_protocol}: 1.0 (default), 1.0C or 1.1
 * @param virtualhost   {@code virtualhost} for the Host header, or null (the virtual server's, or the address)
 * @param fastRecovery  {@code fast_recovery}
 * @param urls          the url blocks
 * @param enableSni     {@code enable_sni} (SSL_GET)
 * @param sniName       {@code sni_name}, or null
 * @param tlsCompliant  {@code tls_compliant}
 * @param position      where the block starts
 */
public record HttpCheck(boolean tls, CheckerSettings settings, String httpProtocol, String virtualhost,
        boolean fastRecovery, List<UrlCheck> urls, boolean enableSni, String sniName, boolean tlsCompliant,
        SourcePosition position) implements Checker {

    @Override
    public String type() {
        return tls ? "SSL_GET" : "HTTP_GET";
    }
}
