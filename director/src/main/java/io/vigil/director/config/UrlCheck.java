package io.vigil.director.config;

import java.util.List;

/**
 * One {@code url} block of HTTP_GET / SSL_GET (keepalived.conf(5); check_http.c).
 *
 * @param path        {@code path}
 * @param digest      {@code digest}: MD5 of the body as lowercase hex, or null
 * @param statusCodes accepted status codes; 200-299 when neither digest nor status_code is given
 * @param virtualhost {@code virtualhost} for this url, or null
 * @param regex       {@code regex}, or null
 * @param regexNoMatch {@code regex_no_match}
 * @param position    where the block starts
 */
public record UrlCheck(String path, String digest, List<StatusCodeRange> statusCodes, String virtualhost,
        String regex, boolean regexNoMatch, SourcePosition position) {
}
