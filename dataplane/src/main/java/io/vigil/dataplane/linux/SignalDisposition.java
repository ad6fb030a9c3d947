package io.vigil.dataplane.linux;

/**
 * What the process does on a signal, before the JVM is asked to handle it. The JVM installs no handler for a shutdown
 * signal (SIGHUP, SIGINT, SIGTERM) that was ignored when it started, e.g. under {@code nohup}: {@code
 * sun.misc.Signal.handle} then returns quietly and the signal stays ignored. {@link #unignore} gives such a signal
 * back its default disposition, so that a handler installed right after takes effect.
 *
 * <p>Thread safety: the disposition is the process's; call it from the thread that installs the handler, once.
 */
public final class SignalDisposition {

    /** SIGHUP, asm-generic/signal.h. */
    public static final int SIGHUP = 1;
    private static final long SIG_DFL = 0;
    private static final long SIG_IGN = 1;

    private SignalDisposition() {
    }

    /**
     * If {@code signalNumber} is ignored, makes it take its default action again (until the caller installs its
     * handler: for SIGHUP the default ends the process) and returns true; otherwise changes nothing and returns false.
     *
     * @throws IllegalArgumentException when the number is not a signal's
     */
    public static boolean unignore(int signalNumber) {
        long current = Libc.signalHandler(signalNumber); // read only: a handler the JVM installed keeps its flags
        if (current == -1) {
            throw new IllegalArgumentException("signal " + signalNumber + ": not a signal number (sigaction(2) failed)");
        }
        if (current != SIG_IGN) {
            return false;
        }
        Libc.signal(signalNumber, SIG_DFL);
        return true;
    }
}
