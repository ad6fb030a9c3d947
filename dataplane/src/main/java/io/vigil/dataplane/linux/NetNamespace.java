package io.vigil.dataplane.linux;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.regex.Pattern;

/**
 * A network namespace, entered with setns(2) on a platform thread. Sockets, rings and Netty event loops created
 * on such a thread belong to the namespace for their whole life and can be used from any thread afterwards.
 *
 * <p>Threads inherit the namespace of the thread that starts them, so event-loop threads started lazily from a
 * namespace thread live there too. Virtual threads must never enter: setns would move their carrier, and with it
 * every other virtual thread (ffm-feasibility Q4).
 */
public final class NetNamespace {

    /** CLONE_NEWNET, linux/sched.h: the namespace type argument of setns(2). */
    public static final int CLONE_NEWNET = 0x40000000;
    /** O_RDONLY | O_CLOEXEC, asm-generic/fcntl.h. */
    private static final int O_RDONLY_CLOEXEC = 0x80000;
    /** Where iproute2 bind-mounts named namespaces (`ip netns add`). */
    private static final Path NAMED_DIR = Path.of("/var/run/netns");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

    private final Path path;

    private NetNamespace(Path path) {
        this.path = path;
    }

    /** A namespace created with {@code ip netns add NAME}. */
    public static NetNamespace named(String name) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad network namespace name '" + name
                    + "': expected letters, digits, '_', '.', '-' (at most 63)");
        }
        return new NetNamespace(NAMED_DIR.resolve(name));
    }

    /** The namespace of this process's main thread, through {@code /proc/self/ns/net}. */
    public static NetNamespace initial() {
        return new NetNamespace(Path.of("/proc/self/ns/net"));
    }

    /** The namespace file. */
    public Path path() {
        return path;
    }

    /** Whether the namespace file exists. */
    public boolean exists() {
        return Files.exists(path);
    }

    /**
     * Moves the calling platform thread into this namespace.
     *
     * @throws IllegalStateException when called from a virtual thread
     * @throws LinuxException        when the file cannot be opened or setns fails (EPERM without CAP_SYS_ADMIN)
     */
    public void enter() throws LinuxException {
        if (Thread.currentThread().isVirtual()) {
            throw new IllegalStateException("setns from a virtual thread would move its carrier; use a platform thread");
        }
        int fd = Libc.open(path.toString(), O_RDONLY_CLOEXEC);
        try {
            Libc.setns(fd, CLONE_NEWNET, "network namespace " + path);
        } finally {
            Libc.close(fd);
        }
    }

    /** An unstarted platform thread that enters this namespace before it runs {@code body}. */
    public Thread newThread(String threadName, Runnable body) {
        return Thread.ofPlatform().name(threadName).unstarted(() -> {
            try {
                enter();
            } catch (LinuxException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            body.run();
        });
    }

    /**
     * Runs {@code task} on a new platform thread inside this namespace and returns its result.
     *
     * @throws Exception whatever the task threw, or the failure to enter the namespace
     */
    public <T> T call(Callable<T> task) throws Exception {
        FutureTask<T> future = new FutureTask<>(() -> {
            enter();
            return task.call();
        });
        Thread thread = Thread.ofPlatform().name("netns-" + path.getFileName()).start(future);
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        } finally {
            thread.join();
        }
    }

    @Override
    public String toString() {
        return "netns " + path;
    }
}
