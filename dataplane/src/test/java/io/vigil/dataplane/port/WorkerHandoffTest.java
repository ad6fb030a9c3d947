package io.vigil.dataplane.port;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.linux.PollSet;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The handoff between the workers of one AF_XDP device, without sockets: frames another worker owns reach it intact
 * and are handled there as received; a full ring refuses and counts; a worker without a socket sends through
 * another; a sleeping owner is woken by its doorbell and a busy one costs its writers nothing; handing over
 * allocates nothing.
 */
class WorkerHandoffTest {

    private static final int TCP = 6;
    private static final InetAddress VIP = address("198.18.0.100");
    private static final InetAddress RS = address("198.18.1.1");
    private static final FlowPartition NAT = new FlowPartition(List.of(new FlowPartition.Endpoint(TCP, VIP, 80, 32, true)),
            List.of(new FlowPartition.Endpoint(TCP, RS, 8080, 32, true)));
    private static final int PACKET_TYPE = 3;

    private final Arena arena = Arena.ofShared();
    private final List<HandoffInbox> inboxes = new ArrayList<>();
    private final Recorder sent0 = new Recorder();
    private final Recorder sent1 = new Recorder();

    @AfterEach
    void close() {
        inboxes.forEach(HandoffInbox::close);
        arena.close();
    }

    /** Two workers; worker 1 sends through worker 0 when {@code oneHasNoSocket}. */
    private WorkerHandoff[] workers(int ringBytes, boolean oneHasNoSocket) throws Exception {
        for (int w = 0; w < 2; w++) {
            inboxes.add(new HandoffInbox(w, 2, ringBytes, arena));
        }
        HandoffInbox[] shared = inboxes.toArray(new HandoffInbox[0]);
        WorkerHandoff[] handoffs = {new WorkerHandoff(0, shared, -1, sent0::transmit),
                new WorkerHandoff(1, shared, oneHasNoSocket ? 0 : -1, sent1::transmit)};
        FlowOwners owners = FlowOwners.of(NAT, 2);
        for (WorkerHandoff h : handoffs) {
            h.owners(owners);
        }
        return handoffs;
    }

    @Test
    void framesOfAnotherWorkersFlowsReachItIntactAndAreHandledThereAsReceived() throws Exception {
        WorkerHandoff[] w = workers(XdpPortGroup.HANDOFF_RING_BYTES, false);
        FlowOwners owners = FlowOwners.of(NAT, 2);
        Random random = new Random(5);
        Recorder local0 = new Recorder();
        List<byte[]> forOne = new ArrayList<>();
        int kept = 0;
        for (int i = 0; i < 200; i++) {
            byte[] f = flowFrame(random, i % 3 == 0);
            MemorySegment umem = MemorySegment.ofArray(new byte[f.length + 512]);
            MemorySegment.copy(MemorySegment.ofArray(f), 0, umem, 256, f.length);
            w[0].sorting(local0).onFrame(umem, 256, f.length, PACKET_TYPE, FrameHandler.CHECKSUM_PENDING);
            umem.fill((byte) 0); // the socket's frame goes back to the kernel: the copy must not need it
            if (owners.owner(MemorySegment.ofArray(f), 0, f.length) == 1) {
                forOne.add(f);
            } else {
                kept++;
            }
        }
        assertTrue(forOne.size() > 50 && kept > 50, forOne.size() + " for worker 1, " + kept + " kept");
        assertEquals(kept, local0.frames.size(), "worker 0 handles the frames it owns at once");
        assertEquals(forOne.size(), w[0].flush(), "the handed frames are worker 0's work");
        assertEquals(forOne.size(), w[0].handedOff());
        assertEquals(0, w[0].handoffDrops());

        Recorder local1 = new Recorder();
        assertEquals(forOne.size(), w[1].drain(local1, 1000));
        assertEquals(forOne.size(), local1.frames.size());
        for (int i = 0; i < forOne.size(); i++) {
            assertArrayEquals(forOne.get(i), local1.frames.get(i), "frame " + i + " intact, in order");
            assertEquals(PACKET_TYPE, local1.packetTypes.get(i));
            assertEquals(FrameHandler.CHECKSUM_PENDING, local1.flags.get(i));
        }
        assertEquals(0, w[1].drain(local1, 1000), "each frame once");
        assertTrue(sent0.frames.isEmpty() && sent1.frames.isEmpty(), "received frames are not sent for anyone");
    }

    @Test
    void aFullRingRefusesAndCountsThenTakesFramesAgainOnceDrained() throws Exception {
        WorkerHandoff[] w = workers(1 << 14, false);
        Random random = new Random(9);
        List<byte[]> offered = new ArrayList<>();
        while (offered.size() < 100) {
            byte[] f = padded(flowFrame(random, false), 1000, random);
            if (FlowOwners.of(NAT, 2).owner(MemorySegment.ofArray(f), 0, f.length) == 1) {
                offered.add(f);
                w[0].sorting(new Recorder()).onFrame(MemorySegment.ofArray(f), 0, f.length, 0, 0);
            }
        }
        long handed = w[0].handedOff();
        assertTrue(handed > 0 && handed < 20, "a 16 KiB ring holds a few 1000-byte frames: " + handed);
        assertEquals(100 - handed, w[0].handoffDrops(), "every refused frame is counted");
        Recorder local1 = new Recorder();
        assertEquals(handed, w[1].drain(local1, 1000));
        for (int i = 0; i < handed; i++) {
            assertArrayEquals(offered.get(i), local1.frames.get(i), "the first frames, intact");
        }
        byte[] again = offered.getLast();
        w[0].sorting(new Recorder()).onFrame(MemorySegment.ofArray(again), 0, again.length, 0, 0);
        assertEquals(handed + 1, w[0].handedOff(), "room again once the owner drained its ring");
    }

    @Test
    void aWorkerWithoutASocketSendsThroughAnother() throws Exception {
        WorkerHandoff[] w = workers(XdpPortGroup.HANDOFF_RING_BYTES, true);
        assertTrue(w[1].sendsThroughAnother());
        assertFalse(w[0].sendsThroughAnother());
        byte[] f = padded(flowFrame(new Random(1), false), 300, new Random(2));
        assertTrue(w[1].transmit(MemorySegment.ofArray(f), 0, f.length));
        assertEquals(1, w[1].flush());
        Recorder local0 = new Recorder();
        assertEquals(1, w[0].drain(local0, 100));
        assertTrue(local0.frames.isEmpty(), "a frame to send is not a received one");
        assertEquals(1, sent0.frames.size());
        assertArrayEquals(f, sent0.frames.getFirst());
        assertFalse(w[1].transmit(MemorySegment.ofArray(f), 10, f.length), "past its memory: refused, not thrown");
        sent0.refuse = true;
        assertTrue(w[1].transmit(MemorySegment.ofArray(f), 0, f.length));
        w[0].drain(local0, 100);
        assertEquals(1, w[0].sendFailures(), "what the sender's own queue refused is counted");
    }

    @Test
    void aSleepingOwnerIsWokenByItsDoorbellAndABusyOneIsNotRung() throws Exception {
        WorkerHandoff[] w = workers(XdpPortGroup.HANDOFF_RING_BYTES, false);
        PollSet doorbell = new PollSet(w[1].doorbellFd());
        byte[] f = frameFor(1);
        assertTrue(w[1].readyToBlock(), "nothing waits: worker 1 may sleep");
        assertEquals(0, doorbell.await(0));
        w[0].sorting(new Recorder()).onFrame(MemorySegment.ofArray(f), 0, f.length, 0, 0);
        assertEquals(0, doorbell.await(0), "rung after the batch, not per frame");
        w[0].flush();
        assertEquals(1, doorbell.await(1000), "the sleeping owner's doorbell rings");

        Recorder local1 = new Recorder();
        assertEquals(1, w[1].drain(local1, 100), "awake: takes the frame");
        w[0].sorting(new Recorder()).onFrame(MemorySegment.ofArray(f), 0, f.length, 0, 0);
        assertFalse(w[1].readyToBlock(), "a frame waits: no sleeping");
        assertEquals(1, w[1].drain(local1, 100));
        assertTrue(w[1].readyToBlock(), "clears the doorbell before it sleeps");
        assertEquals(0, doorbell.await(0));
        w[1].drain(local1, 100); // awake and busy
        w[0].sorting(new Recorder()).onFrame(MemorySegment.ofArray(f), 0, f.length, 0, 0);
        w[0].flush();
        assertEquals(0, doorbell.await(0), "a busy owner is not rung (no system call for the writer)");
        assertEquals(1, w[1].drain(local1, 100));
    }

    @Test
    void handingOverAllocatesNothing() throws Exception {
        WorkerHandoff[] w = workers(XdpPortGroup.HANDOFF_RING_BYTES, false);
        MemorySegment mine = MemorySegment.ofArray(frameFor(0));
        MemorySegment theirs = MemorySegment.ofArray(frameFor(1));
        Recorder counting = new Recorder();
        counting.countOnly = true;
        FrameHandler local = counting;
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 2; round++) { // the first warms up
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100_000; i++) {
                FrameHandler sorting = w[0].sorting(local);
                sorting.onFrame(mine, 0, (int) mine.byteSize(), 0, 0);
                sorting.onFrame(theirs, 0, (int) theirs.byteSize(), 0, 0);
                w[0].flush();
                w[1].drain(local, 64);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            if (round == 1) {
                assertTrue(allocated < 64 * 1024, allocated + " bytes for 200,000 frames");
            }
        }
        assertEquals(400_000, counting.count);
        assertEquals(200_000, w[0].handedOff());
    }

    /** A frame of a random flow through the VIP (request) or from the real server (reply), with a payload. */
    private static byte[] flowFrame(Random random, boolean reply) {
        InetAddress client = address("198.18.2." + random.nextInt(1, 255));
        int port = random.nextInt(1024, 65536);
        byte[] f = reply ? FanoutProgramTest.frame(TCP, RS, 8080, client, port)
                : FanoutProgramTest.frame(TCP, client, port, VIP, 80);
        return padded(f, random.nextInt(f.length, 1500), random);
    }

    /** A request frame that worker {@code owner} owns. */
    private static byte[] frameFor(int owner) {
        Random random = new Random(owner);
        while (true) {
            byte[] f = flowFrame(random, false);
            if (FlowOwners.of(NAT, 2).owner(MemorySegment.ofArray(f), 0, f.length) == owner) {
                return f;
            }
        }
    }

    private static byte[] padded(byte[] frame, int length, Random random) {
        byte[] out = new byte[Math.max(length, frame.length)];
        random.nextBytes(out);
        System.arraycopy(frame, 0, out, 0, frame.length);
        return out;
    }

    /** Records the frames handed to it (copies), as a handler and as a transmit path. */
    private static final class Recorder implements FrameHandler {

        final List<byte[]> frames = new ArrayList<>();
        final List<Integer> packetTypes = new ArrayList<>();
        final List<Integer> flags = new ArrayList<>();
        boolean refuse;
        boolean countOnly;
        long count;

        @Override
        public void onFrame(MemorySegment memory, long offset, int length, int packetType, int flag) {
            count++;
            if (!countOnly) {
                frames.add(memory.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE));
                packetTypes.add(packetType);
                flags.add(flag);
            }
        }

        boolean transmit(MemorySegment memory, long offset, int length) {
            if (refuse) {
                return false;
            }
            frames.add(memory.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE));
            return true;
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
