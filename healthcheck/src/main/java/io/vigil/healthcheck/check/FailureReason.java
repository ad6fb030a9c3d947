package io.vigil.healthcheck.check;

/** Why a probe failed; {@link #NONE} for a success. Metrics label {@code reason} uses {@link #label()}. */
public enum FailureReason {
    /** The probe succeeded. */
    NONE,
    /** The connection was refused (RST). */
    CONNECT_REFUSED,
    /** The connection failed for another reason (no route, bind failure). */
    CONNECT_ERROR,
    /** No answer within connect_timeout (or misc_timeout, or the scheduler's watchdog). */
    TIMEOUT,
    /** The peer closed the connection without sending data. */
    NO_DATA,
    /** The HTTP status code was not accepted. */
    BAD_STATUS,
    /** The HTTP body's MD5 differs from the configured digest. */
    BAD_DIGEST,
    /** The HTTP response could not be parsed. */
    BAD_RESPONSE,
    /** The TLS handshake failed. */
    TLS_HANDSHAKE,
    /** The script exited with a status that means down. */
    SCRIPT_EXIT,
    /** The script could not be started. */
    SCRIPT_START,
    /** The script was killed at misc_timeout. */
    SCRIPT_TIMEOUT,
    /** An ICMP port unreachable came back (UDP_CHECK). */
    PORT_UNREACHABLE,
    /** The UDP reply had the wrong length or bytes. */
    BAD_REPLY,
    /** The DNS response carried a non-zero RCODE or no answer when one was required. */
    DNS_RCODE,
    /** The SMTP server answered with an unexpected code. */
    SMTP_CODE,
    /** The ICMP echo was not answered. */
    PING_LOST,
    /** The tracked file's value means down. */
    FILE_VALUE,
    /** The tracked file could not be read or parsed. */
    FILE_UNREADABLE,
    /** The checker itself failed (a bug or a missing facility such as no Pinger). */
    INTERNAL;

    /** Lower-case label for metrics, e.g. {@code connect_refused}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
