package io.vigil.director.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The daemon's state directory (default {@code /run/vigil}): mode 0700, holding the pid file {@code vigil.pid}
 * and the control socket. Two daemons on one machine (for example in two network namespaces) use two
 * directories.
 */
public final class StateDir {

    /** The default location. */
    public static final Path DEFAULT = Path.of("/run/vigil");
    static final String PID_FILE = "vigil.pid";

    private final Path path;

    public StateDir(Path path) {
        this.path = path;
    }

    /** The directory. */
    public Path path() {
        return path;
    }

    /**
     * Creates the directory (0700) and writes this process's pid file (0600).
     *
     * @throws IOException when another live daemon already owns the directory, or it cannot be written
     */
    public void claim() throws IOException {
        Files.createDirectories(path);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
        Optional<Long> owner = runningPid();
        if (owner.isPresent() && owner.get() != ProcessHandle.current().pid()) {
            throw new IOException("another vigil daemon (pid " + owner.get() + ") already runs with state directory "
                    + path + "; stop it or use --state-dir");
        }
        Path pidFile = path.resolve(PID_FILE);
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(pidFile, PosixFilePermissions.fromString("rw-------"));
    }

    /**
     * The pid of a live daemon that wrote the pid file, if any. A stale file is ignored: its process is gone, or its
     * pid now belongs to a process that is not a Vigil JVM (pids are reused after a kill -9).
     */
    public Optional<Long> runningPid() {
        Path pidFile = path.resolve(PID_FILE);
        try {
            long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).strip());
            if (pid == ProcessHandle.current().pid()) {
                return Optional.of(pid);
            }
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(StateDir::isVigil).map(ProcessHandle::pid);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isVigil(ProcessHandle process) {
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
            return new String(cmdline, StandardCharsets.UTF_8).contains("io.vigil.director");
        } catch (IOException e) {
            return false;
        }
    }

    /** Removes the pid file if this process wrote it. */
    public void release() {
        if (runningPid().filter(pid -> pid == ProcessHandle.current().pid()).isPresent()) {
            try {
                Files.deleteIfExists(path.resolve(PID_FILE));
            } catch (IOException e) {
                // Nothing to do at exit; the next start ignores a stale pid file.
            }
        }
    }
}
