package io.vigil.director.cli;

import java.util.List;
import picocli.CommandLine.Command;

/**
 * {@code vigil reload [--state-dir DIR]}: asks the running daemon to re-read its configuration file, as SIGHUP does,
 * and waits for the result: exit 0 when applied, 4 (errors) or 3 (cannot run) when the file was refused and the old
 * configuration keeps running, with the reasons as {@code FILE:LINE:COL} diagnostics on stderr.
 */
@Command(name = "reload", mixinStandardHelpOptions = true,
        description = {"Make the running daemon re-read its configuration file, as SIGHUP does, and apply the "
                + "changes; prints them, one per line, or why the file was refused.",
            "A file with errors is refused and the running configuration stays."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:applied", "1:no daemon, or a reload listener failed", "2:bad command line",
            "3:refused: the file cannot run", "4:refused: the file has errors"})
final class ReloadCommand extends ControlSocketCommand {

    @Override
    List<String> request() {
        return List.of("reload");
    }
}
