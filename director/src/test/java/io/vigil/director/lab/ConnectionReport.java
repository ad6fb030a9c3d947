package io.vigil.director.lab;

import java.time.Duration;
import java.util.Map;

/**
 * What {@link LongLivedConnections} saw, for a failover test to assert on and print.
 *
 * @param connections  how many were opened
 * @param broken       reset, closed, answered out of order, or silent for longer than the stall limit at the end
 * @param resets       of those, reset or closed by the other side
 * @param stalled      of those, with an exchange still unanswered after the stall limit when the run ended
 * @param moved        connections answered by more than one real server (the echo names the server)
 * @param exchanges    lines answered, over every connection
 * @param longestGap   the longest time any connection waited between two answers (or from its last answer to the end)
 * @param perServer    connections per real server, by the name of their first answer
 */
public record ConnectionReport(int connections, int broken, int resets, int stalled, int moved, long exchanges,
                               Duration longestGap, Map<String, Integer> perServer) {

    /** One line: {@code 0 of 200 broken (0 reset, 0 stalled), 0 moved, 9123 exchanges, longest gap 5.21 s, {r1=98, r2=102}}. */
    @Override
    public String toString() {
        return "%d of %d broken (%d reset, %d stalled), %d moved, %d exchanges, longest gap %.2f s, %s".formatted(
                broken, connections, resets, stalled, moved, exchanges, longestGap.toMillis() / 1000.0, perServer);
    }
}
