package io.vigil.director.config;

/**
 * {@code PING_CHECK}: up when an ICMP echo is answered (check_ping.c).
 *
 * @param settings the shared checker options
 * @param position where the block starts
 */
public record PingCheck(CheckerSettings settings, SourcePosition position) implements Checker {

    @Override
    public String type() {
        return "PING_CHECK";
    }
}
