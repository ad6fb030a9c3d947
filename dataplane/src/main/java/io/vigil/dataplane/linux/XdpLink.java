package io.vigil.dataplane.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An XDP program attached to a device through a BPF link (bpf(2) {@code BPF_LINK_CREATE}, kernel 5.9+): the link
 * lives as long as its descriptor, so the program leaves the device when {@link #close()} runs or the process dies
 * (kill -9 included). {@link #attach} tries {@link XdpMode#NATIVE} first and takes {@link XdpMode#GENERIC} when the
 * driver has no XDP.
 *
 * <p>Stale programs: before attaching, {@link #attach} asks the device (in the calling thread's network namespace,
 * through {@code ip link show}) which XDP program it runs. One named like ours is detached
 * ({@code BPF_LINK_DETACH} on its link, or {@code ip link set ... xdp off} when it was attached without one); any
 * other program is left alone and the attach fails with EBUSY naming it.
 *
 * <p>Thread safety: one owner thread; {@link #close()} once.
 */
public final class XdpLink implements AutoCloseable {

    /** BPF_LINK_TYPE_XDP, linux/bpf.h. */
    private static final int LINK_TYPE_XDP = 6;
    /** {@code struct bpf_link_info}: type @0, id @4, prog_id @8, then the union (xdp.ifindex @16). */
    private static final int LINK_INFO_SIZE = 64;
    /** {@code ip link show}: the mode keyword after the MTU, and a {@code prog/xdp id N} line. */
    private static final Pattern MODE = Pattern.compile("\\bmtu \\d+ (xdp|xdpgeneric|xdpoffload|xdpmulti)\\b");
    private static final Pattern PROGRAM = Pattern.compile("\\bprog/xdp id (\\d+)");

    private final BpfDescriptor fd;
    private final String device;
    private final XdpMode mode;

    private XdpLink(int fd, String device, XdpMode mode) {
        this.fd = new BpfDescriptor(fd);
        this.device = device;
        this.mode = mode;
    }

    /**
     * Attaches {@code program} to {@code device}, replacing a stale program of the same name.
     *
     * @param preferred {@link XdpMode#NATIVE} to try native then generic, {@link XdpMode#GENERIC} for generic only
     * @throws LinuxException when the device runs another program (EBUSY) or refuses both modes
     */
    public static XdpLink attach(BpfProgram program, String device, int ifindex, XdpMode preferred)
            throws LinuxException {
        removeStale(device, program.name());
        LinuxException nativeFailure = null;
        if (preferred == XdpMode.NATIVE) {
            long rc = create(program.fd(), ifindex, XdpMode.NATIVE);
            if (rc >= 0) {
                return new XdpLink((int) rc, device, XdpMode.NATIVE);
            }
            nativeFailure = new LinuxException("bpf(BPF_LINK_CREATE)", (int) -rc, "native XDP on " + device);
        }
        long rc = create(program.fd(), ifindex, XdpMode.GENERIC);
        if (rc < 0) {
            throw new LinuxException("bpf(BPF_LINK_CREATE)", (int) -rc, "generic XDP on " + device
                    + (nativeFailure == null ? "" : "; native failed too: " + nativeFailure.getMessage()));
        }
        return new XdpLink((int) rc, device, XdpMode.GENERIC);
    }

    private static long create(int programFd, int ifindex, XdpMode mode) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = BpfAttr.allocate(arena);
            attr.set(JAVA_INT, BpfAttr.LINK_PROG_FD, programFd);
            attr.set(JAVA_INT, BpfAttr.LINK_TARGET_IFINDEX, ifindex);
            attr.set(JAVA_INT, BpfAttr.LINK_ATTACH_TYPE, BpfProgram.ATTACH_XDP);
            attr.set(JAVA_INT, BpfAttr.LINK_FLAGS, mode.flag());
            return Libc.bpf(BpfAttr.LINK_CREATE, attr);
        }
    }

    /**
     * The id of the XDP program {@code device} runs now and the listing's keyword for its mode, or empty.
     */
    static Optional<AttachedProgram> attachedProgram(String device) throws LinuxException {
        String listing = ip("link", "show", "dev", device);
        Matcher program = PROGRAM.matcher(listing);
        if (!program.find()) {
            return Optional.empty();
        }
        Matcher mode = MODE.matcher(listing);
        return Optional.of(new AttachedProgram(Integer.parseInt(program.group(1)), mode.find() ? mode.group(1) : "xdp"));
    }

    /** An attached program as {@code ip link} lists it. */
    record AttachedProgram(int id, String modeKeyword) {
    }

    /**
     * Detaches a program named {@code name} that a crashed or still running earlier Vigil left on {@code device}.
     * Returns whether there was one.
     *
     * @throws LinuxException EBUSY when the device runs a program of another name
     */
    public static boolean removeStale(String device, String name) throws LinuxException {
        Optional<AttachedProgram> attached = attachedProgram(device);
        if (attached.isEmpty()) {
            return false;
        }
        int id = attached.get().id();
        String running = BpfProgram.byId(id).map(BpfProgram.Info::name).orElse("?");
        if (!running.equals(name)) {
            throw new LinuxException("attach XDP", Errno.EBUSY, device + " already runs XDP program id " + id + " named '"
                    + running + "', not Vigil's '" + name + "': remove it (ip link set dev " + device
                    + " xdp off) or set vigil.dataplane.backend = tpacket");
        }
        if (!detachLinkOf(id)) {
            ip("link", "set", "dev", device, attached.get().modeKeyword(), "off");
        }
        return true;
    }

    /** Detaches every XDP link that holds program {@code programId}; false when none does. */
    private static boolean detachLinkOf(int programId) throws LinuxException {
        boolean found = false;
        int id = 0;
        while ((id = BpfObjects.nextId(BpfAttr.LINK_GET_NEXT_ID, id)) != 0) {
            int fd = BpfObjects.fdById(BpfAttr.LINK_GET_FD_BY_ID, id);
            if (fd < 0) {
                continue;
            }
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment info = arena.allocate(LINK_INFO_SIZE, 8);
                BpfObjects.info(fd, info, "link id " + id);
                if (info.get(JAVA_INT, 0) == LINK_TYPE_XDP && info.get(JAVA_INT, 8) == programId) {
                    MemorySegment attr = BpfAttr.allocate(arena);
                    attr.set(JAVA_INT, 0, fd);
                    long rc = Libc.bpf(BpfAttr.LINK_DETACH, attr);
                    if (rc < 0) {
                        throw new LinuxException("bpf(BPF_LINK_DETACH)", (int) -rc, "link id " + id);
                    }
                    found = true;
                }
            } finally {
                Libc.close(fd);
            }
        }
        return found;
    }

    private static String ip(String... arguments) throws LinuxException {
        List<String> command = new java.util.ArrayList<>();
        command.add(java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/sbin/ip")) ? "/usr/sbin/ip" : "ip");
        command.addAll(List.of(arguments));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new LinuxException(String.join(" ", command), Errno.EIO, out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new LinuxException(String.join(" ", command), Errno.ENOENT, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LinuxException(String.join(" ", command), Errno.EINTR, "interrupted");
        }
    }

    /** The device. */
    public String device() {
        return device;
    }

    /** The mode the program runs in. */
    public XdpMode mode() {
        return mode;
    }

    /** Detaches the program (closes the link); idempotent. */
    @Override
    public void close() throws LinuxException {
        fd.close();
    }
}
