package io.vigil.healthcheck.check;

/**
 * The outcome of one ICMP echo.
 *
 * @param answered   an echo reply with our identifier and sequence arrived in time
 * @param rttNanos   round-trip time when answered
 * @param detail     what happened, e.g. {@code host unreachable} or {@code no reply within 1000 ms}
 */
public record PingReply(boolean answered, long rttNanos, String detail) {
}
