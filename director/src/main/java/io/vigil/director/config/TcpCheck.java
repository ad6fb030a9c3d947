package io.vigil.director.config;

/**
 * {@code TCP_CHECK}: up when a TCP connection succeeds (check_tcp.c).
 *
 * @param settings the shared checker options
 * @param position where the block starts
 */
public record TcpCheck(CheckerSettings settings, SourcePosition position) implements Checker {

    @Override
    public String type() {
        return "TCP_CHECK";
    }
}
