package io.vigil.healthcheck.spec;

import java.net.InetAddress;

/**
 * {@code PING_CHECK}: one ICMP echo that must be answered within connect_timeout (check_ping.c).
 *
 * @param target         address pinged
 * @param timeoutNanos   connect_timeout
 */
public record PingCheck(InetAddress target, long timeoutNanos) implements ProbeSpec {

    public PingCheck {
        if (target == null || timeoutNanos <= 0) {
            throw new IllegalArgumentException("PING_CHECK needs a target and a positive timeout");
        }
    }

    @Override
    public String keyword() {
        return "PING_CHECK";
    }
}
