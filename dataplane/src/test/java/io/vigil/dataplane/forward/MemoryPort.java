package io.vigil.dataplane.forward;

import io.vigil.dataplane.api.PortStats;
import io.vigil.dataplane.port.FrameHandler;
import io.vigil.dataplane.port.PacketPort;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A {@link PacketPort} in memory, for tests: frames queued with {@link #inject} are received (one per
 * {@link #receive}), frames transmitted are kept in order and taken with {@link #takeSent()}. A frame is handed to
 * the handler in a fresh segment, so in-place rewrites are visible to the test only through what is transmitted.
 */
final class MemoryPort implements PacketPort {

    private final String device;
    private final int ifIndex;
    private final long mac;
    private final int mtu;
    private final Deque<byte[]> rx = new ArrayDeque<>();
    private final List<byte[]> queued = new ArrayList<>();
    private final List<byte[]> sent = new ArrayList<>();
    private boolean checksumPending;
    private long received;
    private long transmitted;
    private long handedOff;
    private long handoffDrops;

    MemoryPort(String device, int ifIndex, long mac, int mtu) {
        this.device = device;
        this.ifIndex = ifIndex;
        this.mac = mac;
        this.mtu = mtu;
    }

    /** Queues a frame for the dataplane to receive, as PACKET_HOST. */
    void inject(byte[] frame) {
        rx.add(frame.clone());
    }

    /** Frames injected from now on are marked as carrying a partial checksum (TP_STATUS_CSUMNOTREADY). */
    void checksumPending(boolean pending) {
        this.checksumPending = pending;
    }

    /** From now on the port reports these handoff counters, as an AF_XDP port of several workers counts them. */
    void handoffCounts(long handed, long drops) {
        this.handedOff = handed;
        this.handoffDrops = drops;
    }

    /** Every frame flushed since the last call, in order. */
    List<byte[]> takeSent() {
        List<byte[]> out = List.copyOf(sent);
        sent.clear();
        return out;
    }

    @Override
    public int receive(FrameHandler handler) {
        int n = 0;
        while (!rx.isEmpty()) {
            byte[] frame = rx.poll();
            MemorySegment memory = Arena.ofAuto().allocate(frame.length + 64);
            MemorySegment.copy(frame, 0, memory, java.lang.foreign.ValueLayout.JAVA_BYTE, 32, frame.length);
            handler.onFrame(memory, 32, frame.length, 0, checksumPending ? FrameHandler.CHECKSUM_PENDING : 0);
            received++;
            n++;
        }
        return n;
    }

    @Override
    public boolean transmit(MemorySegment memory, long offset, int length) {
        queued.add(memory.asSlice(offset, length).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        return true;
    }

    @Override
    public int flush() {
        int n = queued.size();
        transmitted += n;
        sent.addAll(queued);
        queued.clear();
        return n;
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
        return rx.isEmpty();
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
        return mtu;
    }

    @Override
    public PortStats stats() {
        return new PortStats(device, "memory", received, transmitted, 0, 0, handedOff, handoffDrops);
    }

    @Override
    public void close() {
    }
}
