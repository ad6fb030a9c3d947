package io.vigil.dataplane.forward;

import io.vigil.dataplane.port.PacketPort;
import java.util.concurrent.locks.LockSupport;
import org.agrona.concurrent.IdleStrategy;

/**
 * Busy-polls while traffic flows, then spins, yields and finally blocks in poll(2) on the ports, so that an idle
 * director does not burn a core. A command posted while the worker blocks waits at most {@link #BLOCK_MILLIS}.
 *
 * <p>Threading: used by the worker thread only; {@link #ports} is replaced by the worker between duty cycles.
 */
public final class PortIdleStrategy implements IdleStrategy {

    /** Longest poll(2): the worst-case latency of a control command on an idle worker. */
    public static final int BLOCK_MILLIS = 10;
    private static final int SPINS = 64;
    private static final int YIELDS = 64;

    private PacketPort[] ports = new PacketPort[0];
    private int idleCycles;
    private int next;

    /** The ports to wait on. */
    public void ports(PacketPort[] ports) {
        this.ports = ports;
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
        } else if (ports.length == 0) {
            LockSupport.parkNanos(BLOCK_MILLIS * 1_000_000L);
        } else {
            // One port at a time, in turn: with several ports, the first frame after a quiet spell may wait one
            // turn on another port, then the worker busy-polls again.
            PacketPort port = ports[next++ % ports.length];
            port.awaitFrames(ports.length == 1 ? BLOCK_MILLIS : Math.max(1, BLOCK_MILLIS / ports.length));
        }
    }

    @Override
    public void reset() {
        idleCycles = 0;
    }

    @Override
    public String alias() {
        return "poll";
    }
}
