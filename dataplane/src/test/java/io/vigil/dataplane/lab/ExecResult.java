package io.vigil.dataplane.lab;

import java.util.List;

/** What a command run to completion in the lab printed, and how it exited. */
public record ExecResult(List<String> command, int exitCode, String stdout, String stderr) {

    /** Whether the command exited 0. */
    public boolean ok() {
        return exitCode == 0;
    }

    /** This result when the command exited 0, else an exception quoting the command, exit code and stderr. */
    public ExecResult orThrow() {
        if (exitCode != 0) {
            throw new LabException("command " + String.join(" ", command) + " exited " + exitCode
                    + ": " + stderr.strip() + (stdout.isBlank() ? "" : " / stdout: " + stdout.strip()));
        }
        return this;
    }
}
