package io.vigil.director.cli;

import io.vigil.director.demo.Demo;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code vigil demo}: a failover between two Vigil directors in throw-away namespaces (needs root). */
final class DemoCommand implements Command {

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "watch a failover between two directors in throw-away network namespaces (root)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (!args.isEmpty()) {
            err.println("vigil demo: takes no arguments, got " + args);
            return ExitCodes.USAGE;
        }
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
            new Demo(out, Path.of(launcher)).run();
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
