package io.vigil.director.cli;

import io.vigil.director.control.ControlClient;
import io.vigil.director.control.ControlReply;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A subcommand answered by the running daemon: it sends {@link #request()} over the control socket in
 * {@code --state-dir} and prints the reply (on stderr, with the daemon's exit code, when it is an error).
 */
abstract class ControlSocketCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StateDirOption stateDir;

    /** The words sent to the daemon: the command's name and the flags that change the answer. */
    abstract List<String> request();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            ControlReply reply = ControlClient.request(stateDir.orDefault(), request());
            (reply.exitCode() == 0 ? out : err).print(reply.body());
            out.flush();
            err.flush();
            return reply.exitCode();
        } catch (IOException e) {
            err.println("vigil " + spec.name() + ": " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }
}
