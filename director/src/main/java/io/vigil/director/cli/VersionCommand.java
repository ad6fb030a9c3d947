package io.vigil.director.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vigil version} (also {@code vigil --version}): the Vigil version and the Java runtime it runs on. */
@Command(name = "version", mixinStandardHelpOptions = true,
        description = "Print the Vigil version and the Java runtime.")
final class VersionCommand implements Callable<Integer>, IVersionProvider {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(getVersion()[0]);
        return ExitCodes.OK;
    }

    @Override
    public String[] getVersion() {
        return new String[] {String.format("vigil %s (Java %s, %s)", version(), Runtime.version(),
                System.getProperty("java.vm.vendor"))};
    }

    /** The version from the jar manifest, or "dev" when run from classes. */
    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
