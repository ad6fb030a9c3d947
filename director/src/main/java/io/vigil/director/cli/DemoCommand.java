package io.vigil.director.cli;

import io.vigil.director.demo.Demo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vigil demo}: HTTP traffic through a failover between two Vigil directors in throw-away namespaces (needs root). */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Watch a failover between two directors in throw-away network namespaces (root).",
            "Directors a and b float a VIP in front of client c and forward its HTTP requests (LVS-DR, rr) to nginx"
                + " on real servers r1 and r2; a dies while c keeps requesting, and the timeline shows b taking over,"
                + " the requests that failed meanwhile and the spread before and after. Needs nginx and curl."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:done", "1:failed or not root"})
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String launcher = System.getenv("VIGIL_LAUNCHER");
        if (launcher == null || !Files.isExecutable(Path.of(launcher))) {
            err.println("vigil demo: start it through the launcher, packaging/bin/vigil demo (VIGIL_LAUNCHER is not set)");
            return ExitCodes.FAILURE;
        }
        try {
            if (!Files.readString(Path.of("/proc/self/status")).lines()
                    .filter(l -> l.startsWith("Uid:")).findFirst().orElse("").split("\\s+")[2].equals("0")) {
                err.println("vigil demo: needs root (it creates network namespaces and raw sockets)");
                return ExitCodes.FAILURE;
            }
            new Demo(spec.commandLine().getOut(), Path.of(launcher)).run();
            return ExitCodes.OK;
        } catch (IOException e) {
            err.println("vigil demo: " + e.getMessage());
            return ExitCodes.FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("vigil demo: interrupted");
            return ExitCodes.FAILURE;
        }
    }
}
