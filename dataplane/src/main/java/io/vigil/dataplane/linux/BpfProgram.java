package io.vigil.dataplane.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.vigil.dataplane.linux.bpf.BpfInstruction;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Optional;

/**
 * A loaded eBPF program (bpf(2) {@code BPF_PROG_LOAD}). When the verifier refuses it, the load is repeated with
 * the verifier's log switched on and the log goes into the exception's message.
 *
 * <p>Thread safety: immutable after load; {@link #close()} once.
 */
public final class BpfProgram implements AutoCloseable {

    /** BPF_PROG_TYPE_XDP, linux/bpf.h. */
    public static final int TYPE_XDP = 6;
    /** BPF_XDP, linux/bpf.h {@code enum bpf_attach_type}. */
    public static final int ATTACH_XDP = 37;
    /** Verifier log buffer: the kernel truncates the log to fit (ENOSPC). */
    private static final int LOG_BYTES = 1 << 20;
    /** {@code struct bpf_prog_info} (linux/bpf.h): id @4, name[16] @64; Vigil reads these only. */
    private static final int INFO_SIZE = 232;
    private static final long INFO_ID = 4;
    private static final long INFO_NAME = 64;
    /** BPF_F_TEST_XDP_LIVE_FRAMES, linux/bpf.h: XDP_TX and XDP_REDIRECT of a test run really send the frames. */
    private static final int TEST_XDP_LIVE_FRAMES = 2;
    /** TEST_XDP_MAX_BATCH, net/bpf/test_run.c: the most live frames per batch. */
    public static final int MAX_LIVE_BATCH = 256;
    /** {@code struct xdp_md} (linux/bpf.h): data 0, data_end 4, data_meta 8, ingress_ifindex 12, rx_queue 16. */
    private static final int XDP_MD_SIZE = 24;
    private static final long XDP_MD_DATA_END = 4;
    private static final long XDP_MD_INGRESS_IFINDEX = 12;

    private final BpfDescriptor fd;
    private final String name;

    private BpfProgram(int fd, String name) {
        this.fd = new BpfDescriptor(fd);
        this.name = name;
    }

    /**
     * Loads a program.
     *
     * @throws LinuxException naming the program, with the verifier's log when the verifier refused it (EACCES,
     *                        EINVAL)
     */
    public static BpfProgram load(int type, int expectedAttachType, List<BpfInstruction> instructions, String license,
            String name) throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment insns = arena.allocate((long) instructions.size() * BpfInstruction.SIZE, 8);
            for (int i = 0; i < instructions.size(); i++) {
                instructions.get(i).writeTo(insns, (long) i * BpfInstruction.SIZE);
            }
            MemorySegment attr = BpfAttr.allocate(arena);
            attr.set(JAVA_INT, BpfAttr.PROG_TYPE, type);
            attr.set(JAVA_INT, BpfAttr.INSN_CNT, instructions.size());
            attr.set(ADDRESS, BpfAttr.INSNS, insns);
            attr.set(ADDRESS, BpfAttr.LICENSE, arena.allocateFrom(license));
            attr.set(JAVA_INT, BpfAttr.EXPECTED_ATTACH_TYPE, expectedAttachType);
            BpfAttr.name(attr, BpfAttr.PROG_NAME, name);
            long rc = Libc.bpf(BpfAttr.PROG_LOAD, attr);
            if (rc >= 0) {
                return new BpfProgram((int) rc, name);
            }
            MemorySegment log = arena.allocate(LOG_BYTES);
            attr.set(JAVA_INT, BpfAttr.LOG_LEVEL, 1);
            attr.set(JAVA_INT, BpfAttr.LOG_SIZE, LOG_BYTES);
            attr.set(ADDRESS, BpfAttr.LOG_BUF, log);
            long again = Libc.bpf(BpfAttr.PROG_LOAD, attr);
            if (again >= 0) {
                return new BpfProgram((int) again, name); // refused once, accepted with the log on: take it
            }
            String text = log.getString(0).strip();
            throw new LinuxException("bpf(BPF_PROG_LOAD)", (int) -rc, "program " + name + ", " + instructions.size()
                    + " instructions; verifier log:\n" + (text.isEmpty() ? "(empty)" : text));
        }
    }

    /**
     * Runs the program {@code repeat} times on a copy of {@code frame} (bpf(2) {@code BPF_PROG_TEST_RUN}), nothing
     * sent: what it returned and how long a run took.
     *
     * @throws LinuxException naming the program (EINVAL: a frame shorter than an Ethernet header)
     */
    public TestRun testRun(byte[] frame, int repeat) throws LinuxException {
        return testRun(frame, 0, repeat, 0, 0);
    }

    /**
     * Runs an XDP program {@code repeat} times on live frames ({@code BPF_F_TEST_XDP_LIVE_FRAMES}, kernel 5.18+),
     * each a fresh copy of {@code frame} that arrives on queue 0 of the device {@code ingressIfindex} (in the
     * calling thread's network namespace): what the program returns is carried out, so XDP_TX sends the frame out
     * of that device, as a NIC's driver would. Frames go in batches of {@code batchSize} (1 to
     * {@link #MAX_LIVE_BATCH}). Each call swaps the device's XDP dispatcher (about 20 ms asleep,
     * reference/af-xdp.md pitfall 9): a packet generator asks for millions of repeats per call.
     *
     * @throws LinuxException naming the program and the device (ENODEV: no such device; E2BIG: batch too large)
     */
    public TestRun runLiveFrames(byte[] frame, int ingressIfindex, int repeat, int batchSize) throws LinuxException {
        if (batchSize < 1 || batchSize > MAX_LIVE_BATCH) {
            throw new IllegalArgumentException("batch size " + batchSize + ", expected 1 to " + MAX_LIVE_BATCH);
        }
        return testRun(frame, ingressIfindex, repeat, TEST_XDP_LIVE_FRAMES, batchSize);
    }

    private TestRun testRun(byte[] frame, int ingressIfindex, int repeat, int flags, int batchSize)
            throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(frame.length, 8);
            MemorySegment.copy(frame, 0, data, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, frame.length);
            MemorySegment attr = BpfAttr.allocate(arena);
            attr.set(JAVA_INT, BpfAttr.TEST_PROG_FD, fd.fd());
            attr.set(JAVA_INT, BpfAttr.TEST_DATA_SIZE_IN, frame.length);
            attr.set(ADDRESS, BpfAttr.TEST_DATA_IN, data);
            attr.set(JAVA_INT, BpfAttr.TEST_REPEAT, repeat);
            attr.set(JAVA_INT, BpfAttr.TEST_FLAGS, flags);
            attr.set(JAVA_INT, BpfAttr.TEST_BATCH_SIZE, batchSize);
            if (ingressIfindex != 0) {
                MemorySegment ctx = arena.allocate(XDP_MD_SIZE, 8);
                ctx.set(JAVA_INT, XDP_MD_DATA_END, frame.length);
                ctx.set(JAVA_INT, XDP_MD_INGRESS_IFINDEX, ingressIfindex);
                attr.set(JAVA_INT, BpfAttr.TEST_CTX_SIZE_IN, XDP_MD_SIZE);
                attr.set(ADDRESS, BpfAttr.TEST_CTX_IN, ctx);
            }
            long rc = Libc.bpf(BpfAttr.PROG_TEST_RUN, attr);
            if (rc < 0) {
                throw new LinuxException("bpf(BPF_PROG_TEST_RUN)", (int) -rc, "program " + name + ", "
                        + frame.length + "-byte frame, " + repeat + " repeats"
                        + (ingressIfindex != 0 ? ", live on ifindex " + ingressIfindex : ""));
            }
            return new TestRun(attr.get(JAVA_INT, BpfAttr.TEST_RETVAL), attr.get(JAVA_INT, BpfAttr.TEST_DURATION));
        }
    }

    /**
     * What a test run reported.
     *
     * @param returnValue the program's return value (of its last run)
     * @param nanosPerRun the mean duration of one run, in nanoseconds
     */
    public record TestRun(int returnValue, int nanosPerRun) {
    }

    /** The program's descriptor. */
    public int fd() {
        return fd.fd();
    }

    public String name() {
        return name;
    }

    /** The kernel's id of this program (what {@code ip link} and bpftool show). */
    public int id() throws LinuxException {
        return info(fd.fd()).id();
    }

    /** Id and name of a loaded program, by id; empty when no such program exists now. */
    static Optional<Info> byId(int id) throws LinuxException {
        int fd = BpfObjects.fdById(BpfAttr.PROG_GET_FD_BY_ID, id);
        if (fd < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(info(fd));
        } finally {
            Libc.close(fd);
        }
    }

    /** A program's id and name. */
    record Info(int id, String name) {
    }

    private static Info info(int fd) throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(INFO_SIZE, 8);
            BpfObjects.info(fd, info, "program fd " + fd);
            return new Info(info.get(JAVA_INT, INFO_ID), info.asSlice(INFO_NAME, BpfAttr.OBJ_NAME_LEN).getString(0));
        }
    }

    /** Closes the descriptor (the program is freed when nothing else holds it); idempotent. */
    @Override
    public void close() throws LinuxException {
        fd.close();
    }
}
