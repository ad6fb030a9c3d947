package io.vigil.healthcheck.spec;

import java.util.HexFormat;
import java.util.Optional;

/**
 * One {@code url { path; digest; status_code; virtualhost }} of HTTP_GET/SSL_GET (keepalived.conf(5) HTTP_GET).
 *
 * @param path        request path, e.g. {@code /health}
 * @param digest      expected MD5 of the body as lower-case hex (genhash), if any
 * @param statusCodes accepted status codes
 * @param virtualhost Host header for this URL, overriding the checker's
 */
public record UrlCheck(String path, Optional<String> digest, StatusCodes statusCodes, Optional<String> virtualhost) {

    public UrlCheck {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("url path must be given, found " + path);
        }
        if (digest.isPresent()) {
            String hex = digest.get();
            if (hex.length() != 32 || !hex.chars().allMatch(HexFormat::isHexDigit)) {
                throw new IllegalArgumentException("digest '" + hex + "': expected 32 hex digits (an MD5)");
            }
            digest = Optional.of(hex.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** A URL that expects status 200-299 and checks no digest. */
    public static UrlCheck path(String path) {
        return new UrlCheck(path, Optional.empty(), StatusCodes.defaults(), Optional.empty());
    }
}
