package io.vigil.healthcheck.check;

import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one ICMP echo request and reports whether the matching reply came back. The director implements it with the
 * dataplane's raw socket (this module makes no native calls). Implementations are thread-safe and non-blocking.
 */
public interface Pinger {

    /** Pings {@code target}; the future completes by {@code timeoutNanos} at the latest. */
    CompletableFuture<PingReply> echo(InetAddress target, long timeoutNanos);
}
