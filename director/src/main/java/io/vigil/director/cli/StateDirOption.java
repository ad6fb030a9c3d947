package io.vigil.director.cli;

import io.vigil.director.daemon.StateDir;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --state-dir DIR}: where the daemon keeps its pid file and control socket. A picocli mixin. */
public final class StateDirOption {

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "The daemon's state directory: pid file and control socket (default: /run/vigil).")
    Path stateDir;

    /** The directory given, or {@link StateDir#DEFAULT}. */
    Path orDefault() {
        return stateDir != null ? stateDir : StateDir.DEFAULT;
    }
}
