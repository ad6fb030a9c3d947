package io.vigil.dataplane.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.api.DataplaneBackend;
import io.vigil.dataplane.api.DataplaneStats;
import io.vigil.dataplane.api.ServiceKey;
import io.vigil.dataplane.lab.NetnsLab;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The workers allocate nothing while they forward a steady NAT flow: two workers carry 16 UDP flows and 8 TCP
 * connections (each a request and its answer, over and over) through {@link MultiWorkerLabTest}'s lab; after a
 * warm-up (the JIT compiles the packet path), a JFR recording of the allocation events
 * (jdk.ObjectAllocationSample, jdk.ObjectAllocationInNewTLAB, jdk.ObjectAllocationOutsideTLAB) holds none on the
 * worker threads, and the JVM's per-thread allocated-bytes counter of each worker stands still, while both workers'
 * packet counters move. The client thread's own allocations show in the same recording: it does record. Closing
 * the dataplane ends both worker threads. On each backend: with XDP the workers also hand each other frames
 * ({@link MultiWorkerLabTest}'s XDP lab), and that allocates nothing either.
 */
@Tag("netns")
class WorkerAllocationLabTest {

    @RegisterExtension
    static final NetnsLab lab = new NetnsLab();

    private static final Pattern WORKER = Pattern.compile(Pattern.quote(UserSpaceDataplane.WORKER_THREAD) + "\\d+");
    private static final List<String> EVENTS = List.of("jdk.ObjectAllocationSample", "jdk.ObjectAllocationInNewTLAB",
            "jdk.ObjectAllocationOutsideTLAB");
    private static final int WARM_UP_MILLIS = 8_000;
    private static final int WINDOW_MILLIS = 2_000;
    private static final int WINDOWS = 10;
    /** Frames of an allocation on a worker that the failure shows. */
    private static final int FRAMES = 8;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DataplaneBackend.class, names = {"TPACKET", "XDP"})
    void workersAllocateNothingWhileForwardingASteadyFlow(DataplaneBackend backend) throws Exception {
        try (MultiWorkerLabTest.NatLab nat = MultiWorkerLabTest.NatLab.start(lab, 2, backend)) {
            List<DatagramSocket> udp = new ArrayList<>();
            List<Socket> tcp = new ArrayList<>();
            nat.client().call(() -> {
                for (int i = 0; i < 16; i++) {
                    DatagramSocket u = new DatagramSocket(new java.net.InetSocketAddress(MultiWorkerLabTest.NatLab.CLIENT, 0));
                    u.setSoTimeout(1000);
                    u.connect(MultiWorkerLabTest.UDP_VIP);
                    udp.add(u);
                }
                for (int i = 0; i < 8; i++) {
                    Socket s = new Socket();
                    s.connect(MultiWorkerLabTest.TCP_VIP, 2000);
                    s.setSoTimeout(1000);
                    tcp.add(s);
                }
                return null;
            });
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong exchanges = new AtomicLong();
            List<String> failures = new ArrayList<>();
            Thread client = Thread.ofPlatform().name("steady-client").start(() -> exchange(udp, tcp, running,
                    exchanges, failures));
            try {
                Thread.sleep(WARM_UP_MILLIS);
                Map<Long, String> workers = workerThreads();
                assertEquals(2, workers.size(), "worker threads: " + workers);
                List<String> windows = new ArrayList<>();
                boolean quiet = false;
                for (int w = 0; w < WINDOWS && !quiet; w++) {
                    Window window = record(nat.dataplane(), workers);
                    windows.add(window.toString());
                    assertTrue(window.packets()[0] > 0 && window.packets()[1] > 0, "both workers forward: " + window);
                    // A window counts when the recording saw the client allocate (it works) and the workers did not:
                    // on a loaded machine the client may fill no new TLAB in a window, which then proves nothing.
                    quiet = window.clientEvents() > 0 && window.workerEvents().isEmpty() && window.workerBytes() == 0;
                }
                System.out.println("allocation windows after " + WARM_UP_MILLIS + " ms of warm-up: " + windows);
                assertTrue(quiet, "no window in which the recording saw the client's allocations and none of the "
                        + "workers': " + windows);
            } finally {
                running.set(false);
                client.join(5000);
                udp.forEach(DatagramSocket::close);
                for (Socket s : tcp) {
                    s.close();
                }
            }
            synchronized (failures) {
                assertEquals(List.of(), failures, "every exchange of the steady flow was answered");
            }
            assertTrue(exchanges.get() > 1000, "a steady flow: " + exchanges.get() + " exchanges");
        }
        assertEquals(Map.of(), workerThreads(), "closing the dataplane joined every worker thread");
    }

    /** One window: the allocation events on worker threads (with a frame each), bytes, packets per worker. */
    private record Window(List<String> workerEvents, long workerBytes, long clientEvents, long[] packets) {

        @Override
        public String toString() {
            return "worker events " + workerEvents.size() + (workerEvents.isEmpty() ? "" : " " + workerEvents.subList(0,
                    Math.min(3, workerEvents.size()))) + ", worker bytes " + workerBytes + ", client events "
                    + clientEvents + ", packets in per worker " + packets[0] + "/" + packets[1];
        }
    }

    private static Window record(UserSpaceDataplane dataplane, Map<Long, String> workers) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = workers.keySet().stream().mapToLong(Long::longValue).toArray();
        Path file = Files.createTempFile("vigil-workers", ".jfr");
        try (Recording recording = new Recording()) {
            for (String event : EVENTS) {
                recording.enable(event).withStackTrace();
            }
            recording.enable("jdk.ObjectAllocationSample").with("throttle", "100000/s");
            long[] packetsBefore = packetsIn(dataplane);
            long[] bytesBefore = threads.getThreadAllocatedBytes(ids);
            recording.start();
            Thread.sleep(WINDOW_MILLIS);
            recording.stop();
            long[] bytesAfter = threads.getThreadAllocatedBytes(ids);
            long[] packetsAfter = packetsIn(dataplane);
            recording.dump(file);
            long bytes = 0;
            for (int i = 0; i < ids.length; i++) {
                bytes += bytesAfter[i] - bytesBefore[i];
            }
            List<String> workerEvents = new ArrayList<>();
            long clientEvents = 0;
            for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
                String thread = e.getThread() == null ? "" : e.getThread().getJavaName();
                if (thread != null && WORKER.matcher(thread).matches()) {
                    String type = e.getClass("objectClass") == null ? "?" : e.getClass("objectClass").getName();
                    String frame = e.getStackTrace() == null ? "?" : e.getStackTrace().getFrames().stream()
                            .limit(FRAMES).map(f -> f.getMethod().getType().getName() + "." + f.getMethod().getName()
                                    + ":" + f.getLineNumber())
                            .collect(java.util.stream.Collectors.joining(" < "));
                    workerEvents.add(thread + " " + e.getEventType().getName() + " " + type + " at " + frame);
                } else if ("steady-client".equals(thread)) {
                    clientEvents++;
                }
            }
            return new Window(workerEvents, bytes, clientEvents,
                    new long[] {packetsAfter[0] - packetsBefore[0], packetsAfter[1] - packetsBefore[1]});
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Packets in of both services, per worker. */
    private static long[] packetsIn(UserSpaceDataplane dataplane) {
        List<DataplaneStats> stats = dataplane.workerStats();
        long[] out = new long[stats.size()];
        for (int w = 0; w < stats.size(); w++) {
            for (ServiceKey key : List.of(MultiWorkerLabTest.TCP, MultiWorkerLabTest.UDP)) {
                out[w] += MultiWorkerLabTest.service(stats.get(w), key).counters().packetsIn();
            }
        }
        return out;
    }

    private static Map<Long, String> workerThreads() {
        Map<Long, String> out = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (WORKER.matcher(t.getName()).matches()) {
                out.put(t.threadId(), t.getName());
            }
        }
        return out;
    }

    /** Request and answer on every flow, round after round, until {@code running} is cleared. */
    private static void exchange(List<DatagramSocket> udp, List<Socket> tcp, AtomicBoolean running, AtomicLong exchanges,
                                 List<String> failures) {
        try {
            List<BufferedReader> readers = new ArrayList<>();
            for (Socket s : tcp) {
                readers.add(new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)));
            }
            DatagramPacket in = new DatagramPacket(new byte[256], 256);
            for (long round = 0; running.get(); round++) {
                for (DatagramSocket u : udp) {
                    byte[] out = ("udp " + round).getBytes(StandardCharsets.US_ASCII);
                    u.send(new DatagramPacket(out, out.length));
                    in.setLength(256);
                    u.receive(in);
                    exchanges.incrementAndGet();
                }
                for (int i = 0; i < tcp.size(); i++) {
                    tcp.get(i).getOutputStream().write(("tcp " + round + "\n").getBytes(StandardCharsets.US_ASCII));
                    String answer = readers.get(i).readLine();
                    if (!("r: tcp " + round).equals(answer)) {
                        throw new IllegalStateException("connection " + i + " round " + round + ": " + answer);
                    }
                    exchanges.incrementAndGet();
                }
            }
        } catch (Exception e) {
            if (running.get()) {
                synchronized (failures) {
                    failures.add(e.toString());
                }
            }
        }
    }
}
