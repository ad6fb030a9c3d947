package io.vigil.bench.forward;

import io.vigil.dataplane.api.PortStats;
import io.vigil.dataplane.port.FrameHandler;
import io.vigil.dataplane.port.PacketPort;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A {@link PacketPort} in memory that replays one prepared frame: each {@link #receive} copies it into a fixed
 * off-heap receive slot (as a ring block holds it) and hands it to the handler {@code batch} times, restoring it
 * before each hand-over because the forwarder rewrites in place. {@link #transmit} only counts.
 *
 * <p>Threading: one thread (the benchmark's) at a time; {@link #prepare} between receives.
 */
final class ReplayPort implements PacketPort {

    /** Where the frame sits in the slot: a TPACKET_V3 frame's MAC offset is not 0 either. */
    private static final long FRAME_OFFSET = 66;

    private final String device;
    private final int ifIndex;
    private final long mac;
    private final MemorySegment pristine = Arena.ofAuto().allocate(2048, 64);
    private final MemorySegment slot = Arena.ofAuto().allocate(2048 + FRAME_OFFSET, 64);
    private int length;
    private int batch;
    private long received;
    private long transmitted;
    private long flushed;

    ReplayPort(String device, int ifIndex, long mac) {
        this.device = device;
        this.ifIndex = ifIndex;
        this.mac = mac;
    }

    /** From now on each {@link #receive} hands {@code frame} over {@code times} times (0: nothing). */
    void prepare(byte[] frame, int times) {
        MemorySegment.copy(frame, 0, pristine, ValueLayout.JAVA_BYTE, 0, frame.length);
        this.length = frame.length;
        this.batch = times;
    }

    /** Frames transmitted so far. */
    long transmitted() {
        return transmitted;
    }

    @Override
    public int receive(FrameHandler handler) {
        int n = batch;
        for (int i = 0; i < n; i++) {
            MemorySegment.copy(pristine, 0, slot, FRAME_OFFSET, length);
            handler.onFrame(slot, FRAME_OFFSET, length, 0, 0);
        }
        received += n;
        return n;
    }

    @Override
    public boolean transmit(MemorySegment memory, long offset, int length) {
        transmitted++;
        return true;
    }

    @Override
    public int flush() {
        long sent = transmitted - flushed;
        flushed = transmitted;
        return (int) sent;
    }

    @Override
    public void awaitFrames(int timeoutMillis) {
    }

    @Override
    public int[] pollDescriptors() {
        return new int[0];
    }

    @Override
    public boolean readyToBlock() {
        return false;
    }

    @Override
    public String device() {
        return device;
    }

    @Override
    public int ifIndex() {
        return ifIndex;
    }

    @Override
    public long macAddress() {
        return mac;
    }

    @Override
    public int mtu() {
        return 1500;
    }

    @Override
    public PortStats stats() {
        return new PortStats(device, "replay", received, transmitted, 0, 0);
    }

    @Override
    public void close() {
    }
}
