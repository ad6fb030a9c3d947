package io.vigil.director.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirTest {

    @TempDir
    Path dir;

    @Test
    void claimWritesOurPidWithPrivateModesAndReleaseRemovesIt() throws Exception {
        StateDir state = new StateDir(dir.resolve("run"));
        state.claim();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state.path())));
        Path pid = state.path().resolve(StateDir.PID_FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pid)));
        assertEquals(Optional.of(ProcessHandle.current().pid()), state.runningPid());
        state.release();
        assertTrue(Files.notExists(pid));
    }

    @Test
    void aLiveProcessThatIsNotVigilDoesNotHoldTheDirectory() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            Files.createDirectories(dir.resolve("run"));
            Files.writeString(dir.resolve("run").resolve(StateDir.PID_FILE), sleeper.pid() + "\n");
            StateDir state = new StateDir(dir.resolve("run"));
            assertEquals(Optional.empty(), state.runningPid(), "a reused pid must not count as a daemon");
            state.claim();
            assertEquals(Optional.of(ProcessHandle.current().pid()), state.runningPid());
        } finally {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void aLiveVigilDaemonHoldsTheDirectory() throws Exception {
        // A process whose command line names the director, as the launcher's java does.
        Process fake = new ProcessBuilder("bash", "-c", "exec -a 'java io.vigil.director.cli.Main run' sleep 30").start();
        try {
            Files.createDirectories(dir.resolve("run"));
            Files.writeString(dir.resolve("run").resolve(StateDir.PID_FILE), fake.pid() + "\n");
            IOException e = assertThrows(IOException.class, () -> new StateDir(dir.resolve("run")).claim());
            assertTrue(e.getMessage().contains("pid " + fake.pid()), e.getMessage());
        } finally {
            fake.destroyForcibly();
        }
    }
}
