import io.vigil.dataplane.linux.RingVersion;
import io.vigil.dataplane.port.TpacketConfig;
import io.vigil.dataplane.port.TpacketPort;
import io.vigil.dataplane.port.TransmitMode;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.locks.LockSupport;

/**
 * bench/pps's paced generator for the zero-loss search: the same 60-byte UDP/IPv4 frame as
 * {@link LiveFrameGenerator} (64 bytes on the wire with the FCS), sent out of DEVICE at RATE frames per second
 * through a {@link TpacketPort} (AF_PACKET, PACKET_TX_RING of 1 024 slots, PACKET_QDISC_BYPASS), BATCH frames and
 * one kick at a time on a {@code System.nanoTime} schedule: it parks until shortly before a batch is due and spins
 * the rest, so the pacing does not depend on the sleep granularity. When the thread falls behind (preempted), it
 * catches up with at most {@value #CATCH_UP} frames (or two batches) sent at once, skips the rest of the missed
 * schedule instead of sending it in a burst, and counts a {@code late}: the rate it reports is what it sent. RATE 0
 * sends as fast as it can.
 *
 * <p>Two phases: WARMUP seconds at RATE (the JIT, the director's caches), a pause of {@value #DRAIN_MILLIS} ms
 * for the frames in flight to land, a line "warm sent=N ...", then, once GO_FILE exists ("-": at once), TRIAL
 * seconds at RATE with frames from SRC_PORT + 1 (so that a sink can count them apart from the warm-up's), the same
 * pause, and the line (then it exits once GO_FILE is gone)
 * <pre>
 * trial asked=FPS sent=N nanos=T late=L full=F refused=K pending=P
 * </pre>
 * {@code sent}: frames handed to the kernel; {@code full}: batches cut short because the TX ring had no free slot
 * (the kernel still held the frames: back-pressure that a wire would not give); {@code refused}: kicks the kernel
 * refused, whose frames left with the next kick: EAGAIN, or ENOBUFS when the veth dropped a frame because its peer's
 * receive ring was full (tpacket_snd then puts the frame back for the next kick, so the frame is late, not lost:
 * the script counts those drops from the veth's tx_dropped as losses, as a NIC's full receive ring would lose
 * them); {@code pending}: 1 when frames were still waiting in the ring at the end (they are counted in {@code sent}
 * and never left: the trial is void). The script reads the sink's counter between the phases, so the
 * warm-up's losses never count. One thread; exits after the trial.
 *
 * <pre>
 * usage: java ... PacedFrameGenerator DEVICE SRC_MAC DST_MAC SRC_IP DST_IP SRC_PORT DST_PORT RATE WARMUP TRIAL BATCH GO_FILE
 * </pre>
 */
public final class PacedFrameGenerator {

    private static final int DRAIN_MILLIS = 300;
    private static final int CATCH_UP = 64;
    private static final long PARK_ABOVE_NANOS = 150_000;
    private static final long PARK_MARGIN_NANOS = 100_000;
    private static final long GO_TIMEOUT_NANOS = 300_000_000_000L;

    private final TpacketPort port;
    private final MemorySegment frame;
    private final int batch;
    private long sent;
    private long late;
    private long full;
    private long refused;

    private PacedFrameGenerator(TpacketPort port, MemorySegment frame, int batch) {
        this.port = port;
        this.frame = frame;
        this.batch = batch;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 12) {
            System.err.println("usage: PacedFrameGenerator DEVICE SRC_MAC DST_MAC SRC_IP DST_IP SRC_PORT DST_PORT"
                    + " RATE WARMUP TRIAL BATCH GO_FILE (RATE frames/s, 0 for as fast as it can; WARMUP, TRIAL"
                    + " seconds; GO_FILE - for no wait)");
            System.exit(2);
        }
        byte[] bytes = UdpFrame.fromArguments(args, 1);
        double rate = Double.parseDouble(args[7]);
        long warmupNanos = (long) (Double.parseDouble(args[8]) * 1e9);
        long trialNanos = (long) (Double.parseDouble(args[9]) * 1e9);
        int batch = Integer.parseInt(args[10]);
        if (rate < 0 || warmupNanos < 0 || trialNanos <= 0 || batch < 1 || batch > 256) {
            System.err.println("PacedFrameGenerator: RATE " + args[7] + ", WARMUP " + args[8] + ", TRIAL " + args[9]
                    + ", BATCH " + args[10] + ": expected RATE >= 0, WARMUP >= 0, TRIAL > 0, 1 <= BATCH <= 256");
            System.exit(2);
        }
        Path go = args[11].equals("-") ? null : Path.of(args[11]);
        // One 64 KiB block of 128-byte slots: 512 receive slots (nothing arrives) and 1 024 transmit slots.
        TpacketConfig ring = new TpacketConfig(64 * 1024, 1, 128, 2, 2, TransmitMode.TX_RING, RingVersion.TPACKET_V2);
        try (TpacketPort port = TpacketPort.open(args[0], ring); Arena arena = Arena.ofConfined()) {
            MemorySegment frame = arena.allocate(UdpFrame.LENGTH);
            MemorySegment.copy(bytes, 0, frame, ValueLayout.JAVA_BYTE, 0, bytes.length);
            System.out.println("generating on " + port.device() + " at " + (rate > 0 ? rate + " frames/s" : "full speed")
                    + " in batches of " + batch + ": " + HexFormat.of().formatHex(bytes));
            MemorySegment trialFrame = arena.allocate(UdpFrame.LENGTH);
            String[] trialArgs = args.clone();
            trialArgs[5] = Integer.toString(Integer.parseInt(args[5]) + 1);
            MemorySegment.copy(UdpFrame.fromArguments(trialArgs, 1), 0, trialFrame, ValueLayout.JAVA_BYTE, 0,
                    UdpFrame.LENGTH);
            PacedFrameGenerator generator = new PacedFrameGenerator(port, frame, batch);
            if (warmupNanos > 0) {
                generator.run(rate, warmupNanos);
            }
            System.out.println("warm " + generator.report(rate, warmupNanos));
            System.out.flush();
            long waited = System.nanoTime();
            while (go != null && !Files.exists(go)) {
                if (System.nanoTime() - waited > GO_TIMEOUT_NANOS) {
                    System.err.println("PacedFrameGenerator: " + go + " did not appear in 300 s");
                    System.exit(3);
                }
                Thread.sleep(2);
            }
            generator = new PacedFrameGenerator(port, trialFrame, batch);
            generator.run(rate, trialNanos);
            System.out.println("trial " + generator.report(rate, trialNanos));
            System.out.flush();
            // Stays until GO_FILE goes, so that the script can read this process's CPU time before it ends.
            waited = System.nanoTime();
            while (go != null && Files.exists(go) && System.nanoTime() - waited < GO_TIMEOUT_NANOS) {
                Thread.sleep(2);
            }
        }
    }

    /** Sends at {@code rate} for {@code nanos}, then lets what is in flight land; counts from zero. */
    private void run(double rate, long nanos) throws InterruptedException {
        sent = 0;
        late = 0;
        full = 0;
        refused = 0;
        double batchNanos = rate > 0 ? batch * 1e9 / rate : 0;
        // A thread preempted for a while catches up with at most CATCH_UP frames at once; the rest is skipped.
        long maxLag = (long) Math.max(2 * batchNanos, rate > 0 ? CATCH_UP * 1e9 / rate : 0);
        long start = System.nanoTime();
        long end = start + nanos;
        long due = start;
        long k = 0;
        while (due < end) {
            long now = System.nanoTime();
            if (rate == 0) {
                if (now >= end) {
                    break;
                }
            } else if (now < due) {
                awaitDeadline(due, now);
            } else if (now - due > maxLag) {
                late++; // preempted: skip what was missed rather than burst it out
                k = (long) Math.ceil((now - start) / batchNanos);
                due = start + (long) (k * batchNanos);
                continue;
            }
            sendBatch();
            k++;
            due = rate == 0 ? start : start + (long) (k * batchNanos);
        }
        for (int i = 0; i < 1000 && port.transmitPending(); i++) {
            port.flush();
            Thread.sleep(1);
        }
        Thread.sleep(DRAIN_MILLIS);
    }

    private void sendBatch() {
        int n = 0;
        while (n < batch && port.transmit(frame, 0, UdpFrame.LENGTH)) {
            n++;
        }
        if (n < batch) {
            full++;
        }
        port.flush();
        if (port.transmitPending()) {
            refused++;
        }
        sent += n;
    }

    private static void awaitDeadline(long due, long now) {
        if (due - now > PARK_ABOVE_NANOS) {
            LockSupport.parkNanos(due - now - PARK_MARGIN_NANOS);
        }
        while (System.nanoTime() < due) {
            Thread.onSpinWait();
        }
    }

    private String report(double rate, long nanos) {
        return String.format("asked=%.0f sent=%d nanos=%d late=%d full=%d refused=%d pending=%d", rate, sent, nanos,
                late, full, refused, port.transmitPending() ? 1 : 0);
    }
}
