package io.vigil.dataplane.linux;

import java.io.IOException;
import java.util.List;

/** {@code nft} failed: names the command, its exit code and what it printed on stderr. */
public final class NftException extends IOException {

    private static final long serialVersionUID = 1L;

    private final List<String> command;
    private final int exitCode;
    private final String stderr;

    public NftException(List<String> command, int exitCode, String stderr, String context) {
        super(String.join(" ", command) + " exited with " + exitCode + " (" + context + "): " + stderr.strip());
        this.command = List.copyOf(command);
        this.exitCode = exitCode;
        this.stderr = stderr;
    }

    /** The command line. */
    public List<String> command() {
        return command;
    }

    /** nft's exit code; -1 when it did not finish in time or could not start. */
    public int exitCode() {
        return exitCode;
    }

    /** What nft printed on stderr. */
    public String stderr() {
        return stderr;
    }
}
