package io.vigil.director.control;

/**
 * The daemon's answer to one control request: an exit code for the client process and the text it prints.
 *
 * @param exitCode what the client exits with (0 for success)
 * @param body     the text the client prints on stdout (exit code 0) or stderr (otherwise)
 */
public record ControlReply(int exitCode, String body) {

    /** A successful reply. */
    public static ControlReply ok(String body) {
        return new ControlReply(0, body);
    }

    /** An error reply with exit code 1. */
    public static ControlReply error(String message) {
        return new ControlReply(1, message);
    }

    /** The wire form: the exit code on the first line, then the body. */
    String encode() {
        return exitCode + "\n" + body;
    }

    /** Parses the wire form; a malformed reply becomes an error naming what was received. */
    static ControlReply decode(String wire) {
        int newline = wire.indexOf('\n');
        String head = newline < 0 ? wire : wire.substring(0, newline);
        try {
            return new ControlReply(Integer.parseInt(head.strip()), newline < 0 ? "" : wire.substring(newline + 1));
        } catch (NumberFormatException e) {
            return error("malformed reply from the daemon: expected an exit code on the first line, got '"
                    + (head.length() > 40 ? head.substring(0, 40) + "..." : head) + "'");
        }
    }
}
