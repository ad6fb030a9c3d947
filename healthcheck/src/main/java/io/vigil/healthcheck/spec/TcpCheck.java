package io.vigil.healthcheck.spec;

/** {@code TCP_CHECK}: success is a completed TCP connect within connect_timeout (check_tcp.c). */
public record TcpCheck(ConnectOptions connect) implements ProbeSpec {

    public TcpCheck {
        if (connect == null) {
            throw new IllegalArgumentException("connect options must be given");
        }
    }

    @Override
    public String keyword() {
        return "TCP_CHECK";
    }
}
