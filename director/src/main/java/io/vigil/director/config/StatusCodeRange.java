package io.vigil.director.config;

/**
 * An accepted HTTP status code range of a {@code url} block ({@code status_code 200-299 503}).
 *
 * @param from the lowest code, inclusive
 * @param to   the highest code, inclusive
 */
public record StatusCodeRange(int from, int to) {

    /** keepalived's default when a url has no digest and no status_code: any 2xx (check_http.c). */
    public static final StatusCodeRange SUCCESS = new StatusCodeRange(200, 299);
}
