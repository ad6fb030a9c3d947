package io.vigil.healthcheck.script;

import io.vigil.healthcheck.spec.ScriptSpec;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs scripts as child processes, argv split by {@link CommandLine} (no shell), stdin from /dev/null and output
 * discarded. At the timeout the whole process tree gets SIGTERM and, {@link #KILL_GRACE_NANOS} later, SIGKILL (as
 * check_misc.c {@code misc_check_child_thread} does); {@link #run(ScriptSpec, long, ScriptRunState)} reports these
 * steps as keepalived's script states. When Vigil runs as root and the script names a user, it runs
 * through {@code setpriv --reuid=U --regid=G --init-groups}. Timers run on the given scheduler (the health-check event
 * loop); waiting for exit uses the JDK's process reaper. Thread-safe.
 */
public final class ProcessScriptLauncher implements ScriptLauncher {

    /** Time between SIGTERM and SIGKILL, 2 s (check_misc.c {@code misc_check_child_thread}). */
    public static final long KILL_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);

    private static final String SETPRIV = "/usr/bin/setpriv";

    private final ScheduledExecutorService timer;
    private final boolean root;

    public ProcessScriptLauncher(ScheduledExecutorService timer) {
        this(timer, new com.sun.security.auth.module.UnixSystem().getUid() == 0);
    }

    ProcessScriptLauncher(ScheduledExecutorService timer, boolean root) {
        this.timer = timer;
        this.root = root;
    }

    @Override
    public CompletableFuture<ScriptExit> run(ScriptSpec script, long timeoutNanos) {
        return run(script, timeoutNanos, new ScriptRunState());
    }

    @Override
    public CompletableFuture<ScriptExit> run(ScriptSpec script, long timeoutNanos, ScriptRunState state) {
        state.set(ScriptState.RUNNING);
        CompletableFuture<ScriptExit> run = start(script, timeoutNanos, state);
        if (run.isDone() && run.join().outcome() == ScriptExit.Outcome.NOT_STARTED) {
            state.set(ScriptState.IDLE);
        }
        return run;
    }

    private CompletableFuture<ScriptExit> start(ScriptSpec script, long timeoutNanos, ScriptRunState state) {
        long start = System.nanoTime();
        CompletableFuture<ScriptExit> out = new CompletableFuture<>();
        StringBuilder error = new StringBuilder();
        Optional<List<String>> argv = CommandLine.split(script.commandLine(), error);
        if (argv.isEmpty()) {
            out.complete(new ScriptExit(ScriptExit.Outcome.NOT_STARTED, -1, 0, error.toString()));
            return out;
        }
        List<String> command;
        try {
            command = withUser(script, argv.get());
        } catch (IOException | IllegalArgumentException e) {
            out.complete(new ScriptExit(ScriptExit.Outcome.NOT_STARTED, -1, 0, e.getMessage()));
            return out;
        }
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            out.complete(new ScriptExit(ScriptExit.Outcome.NOT_STARTED, -1, System.nanoTime() - start,
                    "cannot start " + command.getFirst() + ": " + e.getMessage()));
            return out;
        }
        ScheduledFuture<?> timeout = timer.schedule(() -> {
            long elapsed = System.nanoTime() - start;
            if (out.complete(new ScriptExit(ScriptExit.Outcome.TIMED_OUT, -1, elapsed, command.getFirst()
                    + " (pid " + process.pid() + ") still running after "
                    + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms; killed"))) {
                state.advance(ScriptState.RUNNING, ScriptState.REQUESTED_TERMINATION);
                terminateTree(process.toHandle(), state);
            }
        }, timeoutNanos, TimeUnit.NANOSECONDS);
        process.onExit().thenAccept(p -> {
            timeout.cancel(false);
            out.complete(new ScriptExit(ScriptExit.Outcome.EXITED, p.exitValue(), System.nanoTime() - start,
                    command.getFirst() + " exited with status " + p.exitValue()));
            state.set(ScriptState.IDLE);
        });
        out.whenComplete((r, e) -> {
            if (e != null) {
                state.advance(ScriptState.RUNNING, ScriptState.REQUESTED_TERMINATION);
                terminateTree(process.toHandle(), state);
            }
        });
        return out;
    }

    /**
     * SIGTERM to the process and its descendants now, SIGKILL to the survivors after the grace period (the run's
     * state becomes FORCING_TERMINATION then if the process itself is still there; IDLE comes when it exits).
     */
    private void terminateTree(ProcessHandle root, ScriptRunState state) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(root);
        tree.forEach(ProcessHandle::destroy);
        timer.schedule(() -> {
            if (root.isAlive()) {
                state.advance(ScriptState.REQUESTED_TERMINATION, ScriptState.FORCING_TERMINATION);
            }
            tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }, KILL_GRACE_NANOS, TimeUnit.NANOSECONDS);
    }

    private List<String> withUser(ScriptSpec script, List<String> argv) throws IOException {
        if (script.user().isEmpty() || !root) {
            return argv;
        }
        String user = script.user().get();
        String group = script.group().isPresent() ? script.group().get() : primaryGroup(user);
        List<String> command = new ArrayList<>(List.of(SETPRIV, "--reuid=" + user, "--regid=" + group,
                "--init-groups", "--"));
        command.addAll(argv);
        return command;
    }

    /** The numeric primary group of {@code user} from /etc/passwd. */
    private static String primaryGroup(String user) throws IOException {
        for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
            String[] fields = line.split(":", -1);
            if (fields.length >= 4 && fields[0].equals(user)) {
                return fields[3];
            }
        }
        throw new IllegalArgumentException("script user '" + user + "' not found in /etc/passwd");
    }
}
