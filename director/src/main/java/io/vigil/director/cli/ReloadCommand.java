package io.vigil.director.cli;

import java.util.Map;

/**
 * {@code vigil reload [--state-dir DIR]}: asks the running daemon to re-read its configuration file, as SIGHUP does,
 * and waits for the result: exit 0 when applied, 4 (errors) or 3 (cannot run) when the file was refused and the old
 * configuration keeps running, with the reasons as {@code FILE:LINE:COL} diagnostics on stderr.
 */
final class ReloadCommand extends ControlSocketCommand {

    static final String USAGE = "usage: vigil reload [--state-dir DIR]";

    @Override
    public String name() {
        return "reload";
    }

    @Override
    public String summary() {
        return "re-read the running daemon's configuration (as SIGHUP); keeps the old one when the new one has errors";
    }

    @Override
    String usage() {
        return USAGE;
    }

    @Override
    Map<String, String> flags() {
        return Map.of();
    }
}
