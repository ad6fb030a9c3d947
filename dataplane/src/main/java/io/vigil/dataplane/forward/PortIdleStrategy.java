package io.vigil.dataplane.forward;

import io.vigil.dataplane.linux.EventFd;
import io.vigil.dataplane.linux.LinuxException;
import io.vigil.dataplane.linux.PollSet;
import io.vigil.dataplane.port.PacketPort;
import java.util.concurrent.locks.LockSupport;
import org.agrona.concurrent.IdleStrategy;

/**
 * Busy-polls while traffic flows, then spins, yields and finally blocks in one poll(2) on every port's descriptors
 * and a wake-up descriptor ({@link EventFd}), so that an idle director costs next to nothing and still answers the
 * first frame at once: a frame on any port and a command ({@link #wakeUp}, rung by {@link ForwardingWorker#post},
 * also for news for the worker's housekeeping, such as resolved neighbours) end the wait. Only the worker's timers wait for the
 * timeout, {@link #IDLE_WAIT_MILLIS}: connection expiry on an idle worker runs up to that late. A port that poll(2)
 * cannot watch (in memory) makes the wait {@link #UNWATCHED_WAIT_MILLIS}.
 *
 * <p>Threading: {@link #idle} and {@link #ports} on the worker thread ({@link #ports} between duty cycles);
 * {@link #wakeUp}, {@link #stopWaiting} and {@link #close} from any thread.
 */
public final class PortIdleStrategy implements IdleStrategy, AutoCloseable {

    /** Longest wait in poll(2): how late an idle worker runs its timers (connection expiry, scheduler ageing). */
    public static final int IDLE_WAIT_MILLIS = 250;
    /** The wait when a port has no descriptor to poll: its frames are seen that late. */
    public static final int UNWATCHED_WAIT_MILLIS = 1;
    private static final int SPINS = 64;
    private static final int YIELDS = 64;
    private static final long STOPPING_PARK_NANOS = 1_000_000L;

    private final EventFd wakeUp;
    private final int idleWaitMillis;
    private PacketPort[] ports = new PacketPort[0];
    /** The wake-up descriptor first, then every port's. */
    private PollSet pollSet;
    private int waitMillis;
    private volatile boolean stopping;
    private volatile long waits;
    private int idleCycles;

    /**
     * Opens the wake-up descriptor.
     *
     * @throws IllegalStateException when the process has no descriptor left
     */
    public PortIdleStrategy() {
        this(IDLE_WAIT_MILLIS);
    }

    /** As above, with another longest wait (tests make it long, so that only a wake-up can end it). */
    PortIdleStrategy(int idleWaitMillis) {
        this.idleWaitMillis = idleWaitMillis;
        try {
            wakeUp = EventFd.open();
        } catch (LinuxException e) {
            throw new IllegalStateException("no wake-up descriptor for a dataplane worker", e);
        }
        ports(ports);
    }

    /** The ports to wait on; worker thread. */
    public void ports(PacketPort[] ports) {
        int[][] each = new int[ports.length][];
        int count = 1;
        boolean watched = true;
        for (int i = 0; i < ports.length; i++) {
            each[i] = ports[i].pollDescriptors();
            count += each[i].length;
            watched &= each[i].length > 0;
        }
        int[] fds = new int[count];
        fds[0] = wakeUp.fd();
        int at = 1;
        for (int[] port : each) {
            System.arraycopy(port, 0, fds, at, port.length);
            at += port.length;
        }
        this.ports = ports;
        this.pollSet = new PollSet(fds);
        this.waitMillis = watched ? idleWaitMillis : UNWATCHED_WAIT_MILLIS;
    }

    /** Ends the worker's wait in poll(2) if it waits, or the next one at once; any thread. */
    public void wakeUp() {
        wakeUp.signal();
    }

    /** From now on the worker does not block in poll(2), so that it sees its runner stop at once; any thread. */
    public void stopWaiting() {
        stopping = true;
        wakeUp.signal();
    }

    @Override
    public void idle(int workCount) {
        if (workCount > 0) {
            reset();
        } else {
            idle();
        }
    }

    @Override
    public void idle() {
        idleCycles++;
        if (idleCycles <= SPINS) {
            Thread.onSpinWait();
        } else if (idleCycles <= SPINS + YIELDS) {
            Thread.yield();
        } else {
            block();
        }
    }

    private void block() {
        if (stopping) {
            LockSupport.parkNanos(STOPPING_PARK_NANOS);
            return;
        }
        for (PacketPort port : ports) {
            if (!port.readyToBlock()) {
                return;
            }
        }
        waits++; // the worker's alone: no lost update
        try {
            if (pollSet.await(waitMillis) > 0 && pollSet.ready(0)) {
                wakeUp.clear(); // before the next duty cycle, which takes whatever the wake-up was for
            }
        } catch (LinuxException e) {
            throw new IllegalStateException("poll on " + pollSet + " failed", e);
        }
    }

    /** How many times the worker has blocked in poll(2) so far; any thread. */
    long waits() {
        return waits;
    }

    @Override
    public void reset() {
        idleCycles = 0;
    }

    @Override
    public String alias() {
        return "poll";
    }

    /** Closes the wake-up descriptor, once the worker has stopped. */
    @Override
    public void close() {
        wakeUp.close();
    }
}
