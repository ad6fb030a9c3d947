package io.vigil.healthcheck.check;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.OptionalLong;

/**
 * Reads one raw HTTP response as keepalived does, whatever carries the bytes (a Netty channel for SSL_GET, a raw
 * socket for HTTP_GET): the head up to CRLF CRLF, then the body hashed with MD5 as genhash does (raw, no
 * de-chunking, cut at Content-Length). The body is hashed raw on purpose: Netty's HTTP decoder would de-chunk it and
 * the digest would no longer match keepalived's. Threading: one thread at a time (the connection's event loop).
 */
final class HttpResponseReader {

    /** Largest response head accepted before the response is declared malformed. */
    static final int MAX_HEAD_BYTES = 64 * 1024;

    /** Cloned for each response: cheaper than a provider look-up per probe. */
    private static final MessageDigest MD5 = md5();

    private final MessageDigest md5;
    private byte[] head = new byte[1024];
    private int headLength;
    private HttpResponseHead parsed;
    private long bodyBytes;
    private boolean sawData;

    HttpResponseReader() {
        try {
            this.md5 = (MessageDigest) MD5.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's MD5 can be cloned", e);
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always provides MD5", e);
        }
    }

    /**
     * Takes the bytes between {@code data}'s position and limit (it is left at its limit). Returns the outcome once
     * the response is complete (its Content-Length read) or malformed, else null: more is needed, or the end.
     */
    HttpFetch read(ByteBuffer data) {
        if (data.hasRemaining()) {
            sawData = true;
        }
        if (parsed == null) {
            int n = data.remaining();
            if (headLength + n > head.length) {
                head = Arrays.copyOf(head, Math.max(head.length * 2, headLength + n));
            }
            data.get(head, headLength, n);
            headLength += n;
            int end = HttpResponseHead.endOfHead(head, headLength);
            if (end < 0) {
                return headLength > MAX_HEAD_BYTES ? HttpFetch.failed(FailureReason.BAD_RESPONSE,
                        "no CRLF CRLF within the first " + MAX_HEAD_BYTES + " bytes; expected an HTTP response head")
                        : null;
            }
            parsed = HttpResponseHead.parse(head, end);
            hashBody(ByteBuffer.wrap(head, end, headLength - end));
            head = null;
        } else {
            hashBody(data);
        }
        return parsed.contentLength().isPresent() && bodyBytes >= parsed.contentLength().getAsLong() ? end() : null;
    }

    private void hashBody(ByteBuffer data) {
        OptionalLong limit = parsed.contentLength();
        int length = data.remaining();
        int n = limit.isPresent() ? (int) Math.max(0, Math.min(length, limit.getAsLong() - bodyBytes)) : length;
        int stop = data.limit();
        data.limit(data.position() + n);
        md5.update(data);
        data.limit(stop).position(stop);
        bodyBytes += n;
    }

    /** The outcome when the connection ends here. */
    HttpFetch end() {
        if (!sawData) {
            return HttpFetch.failed(FailureReason.NO_DATA, "connection closed without response data");
        }
        if (parsed == null) {
            return HttpFetch.failed(FailureReason.BAD_RESPONSE, "connection closed after " + headLength
                    + " bytes without CRLF CRLF; expected an HTTP response head");
        }
        return new HttpFetch(FailureReason.NONE, "status " + parsed.statusCode() + ", " + bodyBytes + " body bytes",
                parsed.statusCode(), HexFormat.of().formatHex(md5.digest()), bodyBytes);
    }
}
