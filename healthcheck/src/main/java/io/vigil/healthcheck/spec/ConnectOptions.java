package io.vigil.healthcheck.spec;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Where a network checker connects: {@code connect_ip}/{@code connect_port} (default the real server's address),
 * {@code bindto}/{@code bind_port} and {@code connect_timeout} (keepalived.conf(5) checker common options).
 *
 * @param target             address and port probed
 * @param bindTo             local address (port 0 = any) to bind before connecting
 * @param connectTimeoutNanos connect and read timeout ({@code connect_timeout}, default 5 s)
 */
public record ConnectOptions(InetSocketAddress target, Optional<InetSocketAddress> bindTo, long connectTimeoutNanos) {

    /** Default connect_timeout, 5 s (check_data.c {@code alloc_vs}). */
    public static final long DEFAULT_CONNECT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);

    public ConnectOptions {
        if (target == null || bindTo == null) {
            throw new IllegalArgumentException("target and bindTo must be given (bindTo may be empty)");
        }
        if (connectTimeoutNanos <= 0) {
            throw new IllegalArgumentException("connect_timeout must be positive, found " + connectTimeoutNanos + " ns");
        }
    }

    /** Connect to {@code target} with the given timeout and no bind address. */
    public static ConnectOptions to(InetSocketAddress target, long connectTimeoutNanos) {
        return new ConnectOptions(target, Optional.empty(), connectTimeoutNanos);
    }
}
