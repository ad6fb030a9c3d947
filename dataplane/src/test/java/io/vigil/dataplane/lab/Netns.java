package io.vigil.dataplane.lab;

import io.vigil.dataplane.linux.NetNamespace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** One network namespace of the lab: run commands in it, start processes in it, run Java code inside it. */
public final class Netns {

    private final NetnsLab lab;
    private final String name;

    Netns(NetnsLab lab, String name) {
        this.lab = lab;
        this.name = name;
    }

    /** The namespace's full name, prefix included (as {@code ip netns list} shows it). */
    public String name() {
        return name;
    }

    /** Runs {@code command} inside the namespace to completion (30 s at most). */
    public ExecResult exec(String... command) {
        return Commands.run(inside(List.of(command)), null, Commands.DEFAULT_TIMEOUT);
    }

    /** Runs {@code command} inside the namespace with {@code stdin} as its input. */
    public ExecResult execWithInput(String stdin, String... command) {
        return Commands.run(inside(List.of(command)), stdin, Commands.DEFAULT_TIMEOUT);
    }

    /** Runs {@code command} inside the namespace with a deadline. */
    public ExecResult exec(Duration timeout, String... command) {
        return Commands.run(inside(List.of(command)), null, timeout);
    }

    /** Starts {@code command} in the background inside the namespace; the lab kills it at cleanup. */
    public LabProcess start(String... command) {
        return lab.track(new LabProcess(inside(List.of(command))));
    }

    /** Runs {@code task} on a platform thread that entered this namespace, and returns its result. */
    public <T> T call(Callable<T> task) throws Exception {
        return NetNamespace.named(name).call(task);
    }

    /** The namespace as the Linux layer sees it. */
    public NetNamespace namespace() {
        return NetNamespace.named(name);
    }

    /** Sets a sysctl inside the namespace, e.g. {@code net.ipv4.ip_forward}. */
    public void sysctl(String key, String value) {
        exec("sysctl", "-q", "-w", key + "=" + value).orThrow();
    }

    private List<String> inside(List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(command);
        return full;
    }

    @Override
    public String toString() {
        return name;
    }
}
