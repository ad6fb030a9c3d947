package io.vigil.healthcheck.check;

/**
 * What one GET returned, or why it failed.
 *
 * @param failure    {@link FailureReason#NONE} when a response was read to its end
 * @param detail     what went wrong, or a summary of the response
 * @param statusCode the status code (0 when unknown)
 * @param md5Hex     MD5 of the body bytes as keepalived's genhash computes it (raw bytes after CRLF CRLF, no
 *                   de-chunking, cut at Content-Length)
 * @param bodyBytes  number of body bytes hashed
 */
public record HttpFetch(FailureReason failure, String detail, int statusCode, String md5Hex, long bodyBytes) {

    static HttpFetch failed(FailureReason reason, String detail) {
        return new HttpFetch(reason, detail, 0, "", 0);
    }

    /** Whether a response was read. */
    public boolean ok() {
        return failure == FailureReason.NONE;
    }
}
