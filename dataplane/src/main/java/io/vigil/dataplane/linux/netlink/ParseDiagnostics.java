package io.vigil.dataplane.linux.netlink;

/**
 * Counts netlink messages that were skipped because they were malformed or unexpected, and keeps the latest
 * reason (what was found, what was expected, where). Single owner: the thread that reads the socket.
 */
public final class ParseDiagnostics {

    private long count;
    private String lastReason = "";

    /** Counts one skipped message or datagram. */
    public void record(String reason) {
        count++;
        lastReason = reason;
    }

    /** How many were skipped since this object was made. */
    public long count() {
        return count;
    }

    /** The latest reason, or the empty string when nothing was skipped. */
    public String lastReason() {
        return lastReason;
    }

    @Override
    public String toString() {
        return count + " skipped" + (count == 0 ? "" : ", last: " + lastReason);
    }
}
