package io.vigil.vrrp.io;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.vigil.dataplane.linux.LinuxException;
import io.vigil.dataplane.linux.TimerFd;
import io.vigil.vrrp.fsm.TimerKind;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machines' timers, on the VRRP loop: at most one pending per instance and {@link TimerKind}; scheduling
 * again replaces it (the fsm's {@code ScheduleTimer}/{@code CancelTimer}). Deadlines live in one primitive array
 * (instance slot × kind) and one {@link TimerFd}, registered with the loop, is armed at the earliest. Nothing is
 * allocated per schedule, cancel or expiry, and a deadline that only moves later (a BACKUP's master-down timer on
 * every advert) costs no system call: the timer fires at the old deadline, finds nothing due and is armed again.
 *
 * <p>Threading: the VRRP loop thread only (construction and {@link #close} excepted); expiries run there too.
 */
final class InstanceTimers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceTimers.class);

    /** Receives an expiry on the loop. */
    @FunctionalInterface
    interface Expiry {
        void expired(String instance, TimerKind kind);
    }

    private static final TimerKind[] KINDS = TimerKind.values();
    private static final long NONE = Long.MAX_VALUE;

    private final Expiry expiry;
    private final TimerFd timerFd;
    private volatile IoRegistration registration;
    private final Map<String, Integer> slotOf = new HashMap<>();
    private String[] names = new String[4];
    /** Deadline of kind {@code k} of the instance in slot {@code s} at {@code s * KINDS.length + k}; NONE if idle. */
    private long[] deadlines = filled(4 * KINDS.length);
    private long armedAt = NONE;
    private boolean expiring;

    InstanceTimers(IoEventLoop loop, Expiry expiry) throws LinuxException {
        this.expiry = expiry;
        this.timerFd = TimerFd.open();
        ReadableFd.register(loop, timerFd.fd(), this::expire).whenComplete((r, e) -> {
            if (e != null) {
                LOG.error("cannot watch the VRRP timer: {}", e.getMessage());
            } else {
                registration = r;
            }
        });
    }

    /** Fires {@code kind} of {@code instance} at {@code atNanos} ({@link System#nanoTime()} clock). */
    void schedule(String instance, TimerKind kind, long atNanos) {
        deadlines[slotFor(instance) * KINDS.length + kind.ordinal()] = atNanos;
        if (atNanos < armedAt && !expiring) {
            arm(atNanos);
        }
    }

    /** Cancels {@code kind} of {@code instance} if it is pending (the timer may still wake up once, harmlessly). */
    void cancel(String instance, TimerKind kind) {
        Integer slot = slotOf.get(instance);
        if (slot != null) {
            deadlines[slot * KINDS.length + kind.ordinal()] = NONE;
        }
    }

    /** Cancels every pending timer of {@code instance} and frees its slot (it is being removed or restarted). */
    void cancelAll(String instance) {
        Integer slot = slotOf.remove(instance);
        if (slot != null) {
            names[slot] = null;
            Arrays.fill(deadlines, slot * KINDS.length, (slot + 1) * KINDS.length, NONE);
        }
    }

    /** Cancels every pending timer. */
    void cancelAll() {
        slotOf.clear();
        Arrays.fill(names, null);
        Arrays.fill(deadlines, NONE);
    }

    /** When {@code kind} of {@code instance} is due, or {@link Long#MAX_VALUE} if it is not pending. */
    long deadline(String instance, TimerKind kind) {
        Integer slot = slotOf.get(instance);
        return slot == null ? NONE : deadlines[slot * KINDS.length + kind.ordinal()];
    }

    /** The timer fired: runs what is due, then arms the timer at the earliest deadline left. */
    private void expire() {
        try {
            timerFd.acknowledge();
        } catch (LinuxException e) {
            LOG.warn("reading the VRRP timer: {}", e.getMessage());
        }
        long now = System.nanoTime();
        armedAt = NONE;
        expiring = true;
        try {
            for (int i = 0; i < deadlines.length; i++) {
                if (deadlines[i] <= now) {
                    deadlines[i] = NONE;
                    expiry.expired(names[i / KINDS.length], KINDS[i % KINDS.length]);
                }
            }
        } finally {
            expiring = false;
            long earliest = NONE;
            for (long d : deadlines) {
                earliest = Math.min(earliest, d);
            }
            if (earliest != NONE) {
                arm(earliest);
            }
        }
    }

    private void arm(long atNanos) {
        try {
            timerFd.armAt(atNanos);
            armedAt = atNanos;
        } catch (LinuxException e) {
            LOG.error("arming the VRRP timer: {}", e.getMessage());
        }
    }

    private int slotFor(String instance) {
        Integer slot = slotOf.get(instance);
        if (slot != null) {
            return slot;
        }
        int free = 0;
        while (free < names.length && names[free] != null) {
            free++;
        }
        if (free == names.length) {
            names = Arrays.copyOf(names, names.length * 2);
            long[] grown = filled(names.length * KINDS.length);
            System.arraycopy(deadlines, 0, grown, 0, deadlines.length);
            deadlines = grown;
        }
        names[free] = instance;
        slotOf.put(instance, free);
        return free;
    }

    private static long[] filled(int length) {
        long[] a = new long[length];
        Arrays.fill(a, NONE);
        return a;
    }

    /** Stops watching the timer and closes it. */
    @Override
    public void close() {
        IoRegistration r = registration;
        if (r != null) {
            r.cancel();
        }
        try {
            timerFd.close();
        } catch (LinuxException e) {
            LOG.warn("closing the VRRP timer: {}", e.getMessage());
        }
    }
}
