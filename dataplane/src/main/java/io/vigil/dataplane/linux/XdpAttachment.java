package io.vigil.dataplane.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.vigil.dataplane.linux.bpf.SteeringKey;
import io.vigil.dataplane.linux.bpf.XdpSteeringProgram;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashSet;
import java.util.Set;

/**
 * Vigil's XDP program on one device, with its two maps: the steering map ({@link SteeringEntry} keys) and the
 * XSKMAP that names the AF_XDP socket of each queue. {@link #open} creates the maps, loads the program
 * ({@link XdpSteeringProgram}), registers the socket and attaches through an {@link XdpLink} (a stale Vigil
 * program on the device is replaced); {@link #steer} makes the map hold exactly the given entries;
 * {@link #close()} detaches the program and frees program and maps.
 *
 * <p>Thread safety: {@link #steer} from one control thread; the kernel reads the maps concurrently.
 */
public final class XdpAttachment implements AutoCloseable {

    /** Steering map capacity: services, NAT real servers and local addresses together. */
    public static final int STEERING_ENTRIES = 16_384;
    /** XSKMAP slots: one per receive queue. */
    public static final int QUEUES = 64;

    private final String device;
    private final BpfHashMap<SteeringEntry> steering;
    private final BpfMap sockets;
    private final BpfProgram program;
    private final XdpLink link;
    private Set<SteeringEntry> installed = Set.of();

    private XdpAttachment(String device, BpfHashMap<SteeringEntry> steering, BpfMap sockets, BpfProgram program,
            XdpLink link) {
        this.device = device;
        this.steering = steering;
        this.sockets = sockets;
        this.program = program;
        this.link = link;
    }

    /**
     * Attaches Vigil's program to {@code device}, steering owned frames of queue {@code q} to {@code socketFds[q]}
     * (-1: no socket on that queue; its frames pass to the kernel).
     *
     * @throws LinuxException naming the step: map creation, the verifier (with its log), the attach
     */
    public static XdpAttachment open(String device, int ifindex, int[] socketFds, XdpMode preferred)
            throws LinuxException {
        BpfHashMap<SteeringEntry> steering = null;
        BpfMap sockets = null;
        BpfProgram program = null;
        try {
            steering = BpfHashMap.create(SteeringKey.SIZE, STEERING_ENTRIES, "vigil_steer", SteeringEntry::write);
            sockets = BpfMap.create(BpfMap.TYPE_XSKMAP, Integer.BYTES, Integer.BYTES, QUEUES, "vigil_xsks");
            program = BpfProgram.load(BpfProgram.TYPE_XDP, BpfProgram.ATTACH_XDP,
                    XdpSteeringProgram.build(steering.map().fd(), sockets.fd()), XdpSteeringProgram.LICENSE,
                    XdpSteeringProgram.NAME);
            try (Arena arena = Arena.ofConfined()) {
                for (int queue = 0; queue < socketFds.length; queue++) {
                    if (socketFds[queue] < 0) {
                        continue;
                    }
                    sockets.update(arena.allocateFrom(JAVA_INT, queue), arena.allocateFrom(JAVA_INT, socketFds[queue]),
                            BpfMap.ANY);
                }
            }
            XdpLink link = XdpLink.attach(program, device, ifindex, preferred);
            return new XdpAttachment(device, steering, sockets, program, link);
        } catch (LinuxException e) {
            closeQuietly(program, sockets, steering);
            throw e.withContext("XDP on " + device);
        } catch (RuntimeException e) {
            closeQuietly(program, sockets, steering);
            throw e;
        }
    }

    /** Makes the steering map hold exactly {@code entries} (adds first, then removes what is gone). */
    public void steer(Set<SteeringEntry> entries) throws LinuxException {
        for (SteeringEntry e : entries) {
            if (!installed.contains(e)) {
                steering.put(e, 1);
            }
        }
        Set<SteeringEntry> next = new HashSet<>(installed);
        next.addAll(entries);
        for (SteeringEntry e : installed) {
            if (!entries.contains(e)) {
                steering.remove(e);
                next.remove(e);
            }
        }
        installed = Set.copyOf(next);
    }

    /** The entries of the last {@link #steer}. */
    public Set<SteeringEntry> steered() {
        return installed;
    }

    /** Whether the kernel's map holds {@code entry} (for tests and diagnostics). */
    public boolean holds(SteeringEntry entry) throws LinuxException {
        return steering.get(entry) != null;
    }

    /** Where the program runs. */
    public XdpMode mode() {
        return link.mode();
    }

    /** The program's kernel id. */
    public int programId() throws LinuxException {
        return program.id();
    }

    public String device() {
        return device;
    }

    /** Detaches the program, then frees it and the maps; idempotent. */
    @Override
    public void close() throws LinuxException {
        try {
            link.close();
        } finally {
            closeQuietly(program, sockets, steering);
        }
    }

    private static void closeQuietly(AutoCloseable... resources) {
        for (AutoCloseable r : resources) {
            if (r != null) {
                try {
                    r.close();
                } catch (Exception ignored) {
                    // closing after a failure or at exit: nothing more to do
                }
            }
        }
    }

    @Override
    public String toString() {
        return "XdpAttachment[" + device + ", " + link.mode() + "]";
    }
}
