package io.vigil.director.cli;

import java.io.PrintStream;
import java.util.List;

/** {@code vigil version} (also {@code vigil --version}): the Vigil version and the Java runtime it runs on. */
final class VersionCommand implements Command {

    @Override
    public String name() {
        return "version";
    }

    @Override
    public String summary() {
        return "print the Vigil version and the Java runtime";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (!args.isEmpty()) {
            err.println("vigil version: takes no arguments, got " + args);
            return ExitCodes.USAGE;
        }
        out.printf("vigil %s (Java %s, %s)%n", version(), Runtime.version(), System.getProperty("java.vm.vendor"));
        return ExitCodes.OK;
    }

    /** The version from the jar manifest, or "dev" when run from classes. */
    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
