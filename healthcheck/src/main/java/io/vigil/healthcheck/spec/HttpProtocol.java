package io.vigil.healthcheck.spec;

import java.util.Optional;

/** {@code http_protocol} of HTTP_GET/SSL_GET (check_http.c {@code http_protocol_handler}, request_template). */
public enum HttpProtocol {
    /** {@code 1.0}, the default: {@code GET p HTTP/1.0}, no Connection header. */
    HTTP_1_0("1.0", "HTTP/1.0", false),
    /** {@code 1.0C}: HTTP/1.0 with {@code Connection: close}. */
    HTTP_1_0C("1.0C", "HTTP/1.0", true),
    /** {@code 1.1}: HTTP/1.1 with {@code Connection: close}. */
    HTTP_1_1("1.1", "HTTP/1.1", true);

    private final String keyword;
    private final String requestVersion;
    private final boolean connectionClose;

    HttpProtocol(String keyword, String requestVersion, boolean connectionClose) {
        this.keyword = keyword;
        this.requestVersion = requestVersion;
        this.connectionClose = connectionClose;
    }

    /** The request line's version, {@code HTTP/1.0} or {@code HTTP/1.1}. */
    public String requestVersion() {
        return requestVersion;
    }

    /** Whether the request carries {@code Connection: close}. */
    public boolean connectionClose() {
        return connectionClose;
    }

    /** The keyword as written in keepalived.conf. */
    public String keyword() {
        return keyword;
    }

    /** Parses {@code 1.0}, {@code 1.0C}/{@code 1.0c} or {@code 1.1}; empty for anything else. */
    public static Optional<HttpProtocol> parse(String text) {
        return switch (text) {
            case "1.0" -> Optional.of(HTTP_1_0);
            case "1.0C", "1.0c" -> Optional.of(HTTP_1_0C);
            case "1.1" -> Optional.of(HTTP_1_1);
            default -> Optional.empty();
        };
    }
}
