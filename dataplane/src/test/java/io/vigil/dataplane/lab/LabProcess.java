package io.vigil.dataplane.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process started in a lab namespace (through {@code ip netns exec}, which execs it, so the PID is the
 * process's own). Its stdout and stderr are merged and kept. The lab kills it by PID at cleanup.
 */
public final class LabProcess {

    private final List<String> command;
    private final Process process;
    private final StringBuilder output = new StringBuilder();
    private final Thread reader;

    LabProcess(List<String> command) {
        this.command = List.copyOf(command);
        try {
            this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new LabException("cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
        this.reader = Thread.ofPlatform().daemon().name("lab-out-" + process.pid()).start(this::readOutput);
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (output) {
                    output.append(line).append('\n');
                    output.notifyAll();
                }
            }
        } catch (IOException e) {
            // The process was killed; what was read stays.
        }
    }

    /** The process ID. */
    public long pid() {
        return process.pid();
    }

    /** Everything the process printed so far. */
    public String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    /** Whether the process is still running. */
    public boolean alive() {
        return process.isAlive();
    }

    /**
     * Waits until the output contains a match of {@code pattern} and returns that match.
     *
     * @throws LabException when the process exits or the deadline passes first; the message has the output
     */
    public Matcher awaitOutput(Pattern pattern, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (output) {
            while (true) {
                Matcher m = pattern.matcher(output);
                if (m.find()) {
                    return m;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                    throw new LabException("'" + pattern + "' not seen from " + String.join(" ", command)
                            + (process.isAlive() ? " within " + timeout : " before it exited") + "; output:\n" + output);
                }
                try {
                    output.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LabException("interrupted while waiting for " + pattern, e);
                }
            }
        }
    }

    /** Sends SIGTERM and waits up to {@code timeout} for exit; returns the exit code, or -1 if still running. */
    public int terminate(Duration timeout) {
        // Through the handle: Process.destroy() would also close our end of its output and lose its last lines.
        process.toHandle().destroy();
        return waitFor(timeout);
    }

    /**
     * Sends SIGKILL to the process, then to the descendants it had, and waits for it to exit. The parent goes
     * first so that a supervisor (nginx's master) cannot respawn a child between the two.
     */
    public void kill() {
        List<ProcessHandle> children = process.descendants().toList();
        process.toHandle().destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        waitFor(Duration.ofSeconds(10));
    }

    /** Waits up to {@code timeout} for exit; returns the exit code, or -1 if still running. */
    public int waitFor(Duration timeout) {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                reader.join(1000);
                return process.exitValue();
            }
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public String toString() {
        return "pid " + pid() + ": " + String.join(" ", command);
    }
}
