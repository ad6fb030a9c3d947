package io.vigil.dataplane.forward;

import io.vigil.dataplane.api.Timeouts;

/**
 * How long a connection lives in each state without a packet: IPVS's {@code tcp_timeouts} and its one UDP
 * timeout, of which {@code ipvsadm --set} / {@code lvs_timeouts} change three (TCP ESTABLISHED, TCP FIN_WAIT, UDP).
 * Mutable; owned by the table's thread.
 */
final class StateTimeouts {

    /** The state code of every non-TCP connection: IPVS's one UDP state ({@code IP_VS_UDP_S_NORMAL}). */
    static final int UDP = TcpConnectionState.COUNT;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long[] nanos = new long[UDP + 1];

    StateTimeouts(Timeouts timeouts) {
        for (int s = 0; s < TcpConnectionState.COUNT; s++) {
            nanos[s] = TcpConnectionState.defaultTimeoutSeconds(s) * NANOS_PER_SECOND;
        }
        set(timeouts);
    }

    void set(Timeouts timeouts) {
        nanos[TcpConnectionState.ESTABLISHED] = timeouts.tcpSeconds() * NANOS_PER_SECOND;
        nanos[TcpConnectionState.FIN_WAIT] = timeouts.tcpFinSeconds() * NANOS_PER_SECOND;
        nanos[UDP] = timeouts.udpSeconds() * NANOS_PER_SECOND;
    }

    /** The timeout of state {@code state} (a {@link TcpConnectionState} constant or {@link #UDP}). */
    long nanos(int state) {
        return nanos[state];
    }
}
