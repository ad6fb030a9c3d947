package io.vigil.dataplane.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The libc functions Vigil calls, bound once through {@link Linker}. Every fallible call captures errno
 * ({@code Linker.Option.captureCallState("errno")}) into a per-thread segment and turns a failure into a
 * {@link LinuxException} that names the call, the errno and the arguments.
 *
 * <p>Thread safety: every method may be called from any platform thread; the errno capture segment is
 * per thread. Never call {@link #setns} from a virtual thread (it would move the carrier).
 */
final class Libc {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(PathElement.groupElement("errno"));
    private static final ThreadLocal<MemorySegment> CAPTURE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE_LAYOUT));

    private static final MethodHandle SOCKET = errnoHandle("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND = errnoHandle("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle CONNECT = errnoHandle("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKNAME = errnoHandle("getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SETSOCKOPT = errnoHandle("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKOPT = errnoHandle("getsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SENDTO = errnoHandle("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    /** sendto with the buffer as a raw address: the packet path passes ring memory without making a segment. */
    private static final MethodHandle SENDTO_ADDRESS = errnoHandle("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECVFROM = errnoHandle("recvfrom",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle RECVMSG = errnoHandle("recvmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SENDMSG = errnoHandle("sendmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle READ = errnoHandle("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE = errnoHandle("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle CLOSE = errnoHandle("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle POLL = errnoHandle("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    /** read(2) without errno: capturing it slices memory on every call until the JIT compiles the call site. */
    private static final MethodHandle READ_WITHOUT_ERRNO = LINKER.downcallHandle(LIBC.find("read").orElseThrow(),
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    /** signal(2): sighandler_t signal(int, sighandler_t); a handler is a code address, SIG_DFL 0, SIG_IGN 1. */
    private static final MethodHandle SIGNAL = LINKER.downcallHandle(LIBC.find("signal").orElseThrow(),
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG));
    /** sigaction(2), here only to read a disposition: int sigaction(int, const struct sigaction *, struct sigaction *). */
    private static final MethodHandle SIGACTION = LINKER.downcallHandle(LIBC.find("sigaction").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    /** glibc's struct sigaction on x86-64 is 152 bytes, sa_handler first; room to spare. */
    private static final long SIGACTION_BYTES = 256;
    /** write(2) without errno, for the same reason. */
    private static final MethodHandle WRITE_WITHOUT_ERRNO = LINKER.downcallHandle(LIBC.find("write").orElseThrow(),
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle EVENTFD = errnoHandle("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle MMAP = errnoHandle("mmap",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = errnoHandle("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle IF_NAMETOINDEX = errnoHandle("if_nametoindex", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle IF_INDEXTONAME = errnoHandle("if_indextoname", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS));
    private static final MethodHandle SETNS = errnoHandle("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle OPEN = errnoHandle("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle IOCTL = errnoHandle("ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS),
            Linker.Option.firstVariadicArg(2));
    /** syscall(2), variadic after the number: Vigil calls bpf(2) through it (glibc has no wrapper). */
    private static final MethodHandle TIMERFD_CREATE = errnoHandle("timerfd_create",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle TIMERFD_SETTIME = errnoHandle("timerfd_settime",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SYSCALL_BPF = errnoHandle("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT), Linker.Option.firstVariadicArg(1));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(
            LIBC.find("strerror").orElseThrow(), FunctionDescriptor.of(ADDRESS, JAVA_INT));

    /** IF_NAMESIZE from net/if.h. */
    public static final int IF_NAMESIZE = 16;

    private Libc() {
    }

    private static MethodHandle errnoHandle(String name, FunctionDescriptor descriptor, Linker.Option... extra) {
        Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = Linker.Option.captureCallState("errno");
        System.arraycopy(extra, 0, options, 1, extra.length);
        MemorySegment symbol = LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(symbol, descriptor, options);
    }

    /** The errno captured by this thread's last call through this class. */
    public static int lastErrno() {
        return (int) ERRNO.get(CAPTURE.get(), 0L);
    }

    private static MemorySegment capture() {
        return CAPTURE.get();
    }

    private static int check(int rc, String call, String detail) throws LinuxException {
        if (rc < 0) {
            throw new LinuxException(call, lastErrno(), detail);
        }
        return rc;
    }

    private static long check(long rc, String call, String detail) throws LinuxException {
        if (rc < 0) {
            throw new LinuxException(call, lastErrno(), detail);
        }
        return rc;
    }

    private static RuntimeException linkage(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("native call failed to link", t);
    }

    /** socket(2). */
    public static int socket(int domain, int type, int protocol) throws LinuxException {
        try {
            return check((int) SOCKET.invokeExact(capture(), domain, type, protocol), "socket",
                    "domain " + domain + ", type 0x" + Integer.toHexString(type) + ", protocol " + protocol);
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /** bind(2) to a sockaddr already written into {@code address}. */
    public static void bind(int fd, MemorySegment address, String detail) throws LinuxException {
        try {
            check((int) BIND.invokeExact(capture(), fd, address, (int) address.byteSize()), "bind", detail);
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /** connect(2) to a sockaddr already written into {@code address}. */
    public static void connect(int fd, MemorySegment address, String detail) throws LinuxException {
        try {
            check((int) CONNECT.invokeExact(capture(), fd, address, (int) address.byteSize()), "connect", detail);
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /** getsockname(2) into {@code address}; returns the length the kernel wrote. */
    public static int getsockname(int fd, MemorySegment address) throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment len = arena.allocateFrom(JAVA_INT, (int) address.byteSize());
            check((int) GETSOCKNAME.invokeExact(capture(), fd, address, len), "getsockname", "fd " + fd);
            return len.get(JAVA_INT, 0);
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /** setsockopt(2) with the option value in {@code value}; {@code name} names the option in errors. */
    public static void setsockopt(int fd, int level, int option, MemorySegment value, String name) throws LinuxException {
        try {
            check((int) SETSOCKOPT.invokeExact(capture(), fd, level, option, value, (int) value.byteSize()),
                    "setsockopt(" + name + ")", "fd " + fd);
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /** setsockopt(2) with an int value. */
    public static void setsockopt(int fd, int level, int option, int value, String name) throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            setsockopt(fd, level, option, arena.allocateFrom(JAVA_INT, value), name);
        }
    }

    /** getsockopt(2) into {@code value}; returns the length the kernel wrote. */
    public static int getsockopt(int fd, int level, int option, MemorySegment value, String name) throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment len = arena.allocateFrom(JAVA_INT, (int) value.byteSize());
            check((int) GETSOCKOPT.invokeExact(capture(), fd, level, option, value, len),
                    "getsockopt(" + name + ")", "fd " + fd);
            return len.get(JAVA_INT, 0);
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /**
     * sendto(2). Returns the bytes sent, or -1 with errno {@link Errno#EAGAIN} left in {@link #lastErrno()}
     * when a non-blocking socket would block; every other failure throws.
     */
    public static long sendto(int fd, MemorySegment data, long length, int flags, MemorySegment address, String detail)
            throws LinuxException {
        try {
            long rc = (long) SENDTO.invokeExact(capture(), fd, data, length, flags, address,
                    address.equals(MemorySegment.NULL) ? 0 : (int) address.byteSize());
            if (rc < 0 && lastErrno() == Errno.EAGAIN) {
                return -1;
            }
            return check(rc, "sendto", detail);
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /**
     * sendto(2) from native memory at {@code address} (the packet path: no segment, no exception). Returns the
     * bytes sent, or {@code -errno} on failure. {@code to} is a preallocated sockaddr or {@link MemorySegment#NULL}.
     */
    public static long sendtoAddress(int fd, long address, long length, int flags, MemorySegment to) {
        try {
            long rc = (long) SENDTO_ADDRESS.invokeExact(capture(), fd, address, length, flags, to,
                    to.address() == 0L ? 0 : (int) to.byteSize());
            return rc < 0 ? -lastErrno() : rc;
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /**
     * recvfrom(2) into {@code buffer}; the source address goes into {@code from} when it is not NULL.
     * Returns the byte count, or -1 when a non-blocking socket has nothing ({@link Errno#EAGAIN}).
     */
    public static long recvfrom(int fd, MemorySegment buffer, int flags, MemorySegment from, String detail)
            throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fromLen = from.equals(MemorySegment.NULL)
                    ? MemorySegment.NULL : arena.allocateFrom(JAVA_INT, (int) from.byteSize());
            long rc = (long) RECVFROM.invokeExact(capture(), fd, buffer, buffer.byteSize(), flags, from, fromLen);
            if (rc < 0 && lastErrno() == Errno.EAGAIN) {
                return -1;
            }
            return check(rc, "recvfrom", detail);
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /**
     * recvfrom(2) with no buffer and no address (the packet path: no segment, no exception): for sockets whose
     * receive call does work of its own (AF_XDP busy polling). Returns 0, or {@code -errno}.
     */
    public static long recvfromNothing(int fd, int flags) {
        try {
            long rc = (long) RECVFROM.invokeExact(capture(), fd, MemorySegment.NULL, 0L, flags, MemorySegment.NULL,
                    MemorySegment.NULL);
            return rc < 0 ? -lastErrno() : rc;
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /** recvmsg(2) with a prepared msghdr. Returns -1 on {@link Errno#EAGAIN}. */
    public static long recvmsg(int fd, MemorySegment msghdr, int flags, String detail) throws LinuxException {
        try {
            long rc = (long) RECVMSG.invokeExact(capture(), fd, msghdr, flags);
            if (rc < 0 && lastErrno() == Errno.EAGAIN) {
                return -1;
            }
            return check(rc, "recvmsg", detail);
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /** sendmsg(2) with a prepared msghdr. Returns -1 on {@link Errno#EAGAIN}. */
    public static long sendmsg(int fd, MemorySegment msghdr, int flags, String detail) throws LinuxException {
        try {
            long rc = (long) SENDMSG.invokeExact(capture(), fd, msghdr, flags);
            if (rc < 0 && lastErrno() == Errno.EAGAIN) {
                return -1;
            }
            return check(rc, "sendmsg", detail);
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /**
     * read(2) of at most {@code buffer.byteSize()} bytes. Returns the byte count, or -1 when a non-blocking
     * descriptor has nothing ({@link Errno#EAGAIN}); allocates nothing unless it throws.
     */
    public static long read(int fd, MemorySegment buffer, String detail) throws LinuxException {
        try {
            long rc = (long) READ.invokeExact(capture(), fd, buffer, buffer.byteSize());
            if (rc < 0 && lastErrno() == Errno.EAGAIN) {
                return -1;
            }
            return check(rc, "read", detail);
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /**
     * write(2) of the first {@code length} bytes of {@code data}. Returns the byte count, or -1 when a non-blocking
     * descriptor would block ({@link Errno#EAGAIN}); allocates nothing unless it throws.
     */
    public static long write(int fd, MemorySegment data, long length, String detail) throws LinuxException {
        try {
            long rc = (long) WRITE.invokeExact(capture(), fd, data, length);
            if (rc < 0 && lastErrno() == Errno.EAGAIN) {
                return -1;
            }
            return check(rc, "write", detail);
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /** timerfd_create(2). */
    static int timerfdCreate(int clock, int flags) throws LinuxException {
        try {
            return check((int) TIMERFD_CREATE.invokeExact(capture(), clock, flags), "timerfd_create", "clock " + clock);
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /** timerfd_settime(2) without the old value; allocates nothing unless it throws. */
    static void timerfdSettime(int fd, int flags, MemorySegment itimerspec) throws LinuxException {
        try {
            int rc = (int) TIMERFD_SETTIME.invokeExact(capture(), fd, flags, itimerspec, MemorySegment.NULL);
            if (rc < 0) {
                throw new LinuxException("timerfd_settime", lastErrno(), "fd " + fd);
            }
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /** close(2). */
    public static void close(int fd) throws LinuxException {
        try {
            check((int) CLOSE.invokeExact(capture(), fd), "close", "fd " + fd);
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /** poll(2) over {@code count} pollfd structs; returns the number ready, 0 on timeout (EINTR counts as 0). */
    public static int poll(MemorySegment pollfds, int count, int timeoutMillis) throws LinuxException {
        try {
            int rc = (int) POLL.invokeExact(capture(), pollfds, (long) count, timeoutMillis);
            if (rc < 0 && lastErrno() == Errno.EINTR) {
                return 0;
            }
            return rc >= 0 ? rc : check(rc, "poll", count + " fds"); // the text only on failure: poll is on the idle path
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /**
     * read(2) of at most {@code buffer.byteSize()} bytes without capturing errno: the byte count, or a negative
     * number on any failure. For descriptors whose only failure is EAGAIN (a non-blocking eventfd) on a path that
     * must not allocate even before the JIT has compiled it.
     */
    public static long readWithoutErrno(int fd, MemorySegment buffer) {
        try {
            return (long) READ_WITHOUT_ERRNO.invokeExact(fd, buffer, buffer.byteSize());
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /**
     * write(2) of {@code buffer} without capturing errno: the byte count, or a negative number on any failure. For
     * descriptors whose only failure is EAGAIN (a non-blocking eventfd's saturated counter), from a packet path that
     * must not allocate even before the JIT has compiled it.
     */
    public static long writeWithoutErrno(int fd, MemorySegment buffer) {
        try {
            return (long) WRITE_WITHOUT_ERRNO.invokeExact(fd, buffer, buffer.byteSize());
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /**
     * signal(2) with {@code handler} as a raw value (0 SIG_DFL, 1 SIG_IGN): the previous disposition, -1 (SIG_ERR) for
     * a bad signal number.
     */
    public static long signal(int signalNumber, long handler) {
        try {
            return (long) SIGNAL.invokeExact(signalNumber, handler);
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /**
     * The current disposition of {@code signalNumber} as a raw value (0 SIG_DFL, 1 SIG_IGN, else a handler's
     * address), read with sigaction(2) without changing it; -1 for a bad signal number.
     */
    public static long signalHandler(int signalNumber) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment old = arena.allocate(SIGACTION_BYTES, 8);
            int rc = (int) SIGACTION.invokeExact(signalNumber, MemorySegment.NULL, old);
            return rc == 0 ? old.get(JAVA_LONG, 0) : -1;
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /** eventfd(2): a new counter descriptor. */
    public static int eventfd(int initialValue, int flags) throws LinuxException {
        try {
            return check((int) EVENTFD.invokeExact(capture(), initialValue, flags), "eventfd", "flags 0x" + Integer.toHexString(flags));
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /** mmap(2) of a file descriptor; the result is reinterpreted to {@code length} bytes. */
    public static MemorySegment mmap(long length, int protection, int flags, int fd, long offset) throws LinuxException {
        try {
            MemorySegment p = (MemorySegment) MMAP.invokeExact(capture(), MemorySegment.NULL, length, protection, flags, fd, offset);
            if (p.address() == -1L) {
                throw new LinuxException("mmap", lastErrno(), "fd " + fd + ", " + length + " bytes");
            }
            return p.reinterpret(length);
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /** munmap(2). */
    public static void munmap(MemorySegment mapping) throws LinuxException {
        try {
            check((int) MUNMAP.invokeExact(capture(), mapping, mapping.byteSize()), "munmap", mapping.byteSize() + " bytes");
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /** if_nametoindex(3); throws when the interface does not exist in this thread's network namespace. */
    public static int ifNameToIndex(String name) throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            int index = (int) IF_NAMETOINDEX.invokeExact(capture(), arena.allocateFrom(name));
            if (index == 0) {
                throw new LinuxException("if_nametoindex", lastErrno(), "interface " + name);
            }
            return index;
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /** if_indextoname(3). */
    public static String ifIndexToName(int index) throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(IF_NAMESIZE);
            MemorySegment p = (MemorySegment) IF_INDEXTONAME.invokeExact(capture(), index, buffer);
            if (p.address() == 0L) {
                throw new LinuxException("if_indextoname", lastErrno(), "ifindex " + index);
            }
            return buffer.getString(0);
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /** setns(2). Platform threads only. */
    public static void setns(int fd, int nsType, String detail) throws LinuxException {
        try {
            check((int) SETNS.invokeExact(capture(), fd, nsType), "setns", detail);
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /** open(2) without O_CREAT (no mode argument). */
    public static int open(String path, int flags) throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            return check((int) OPEN.invokeExact(capture(), arena.allocateFrom(path), flags), "open", path);
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /** ioctl(2) with a pointer argument; returns the call's non-negative result. */
    public static int ioctl(int fd, long request, MemorySegment argument, String detail) throws LinuxException {
        try {
            return check((int) IOCTL.invokeExact(capture(), fd, request, argument), "ioctl(0x" + Long.toHexString(request) + ")", detail);
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /** __NR_bpf on x86_64, asm/unistd_64.h. */
    private static final long NR_BPF = 321;

    /**
     * bpf(2) with an attribute union already written into {@code attr}. Returns the call's result (a new descriptor
     * for the creating commands, 0 otherwise), or {@code -errno}; never throws for a kernel refusal, so callers can
     * add what only they know (the verifier log).
     */
    public static long bpf(int command, MemorySegment attr) {
        try {
            long rc = (long) SYSCALL_BPF.invokeExact(capture(), NR_BPF, command, attr, (int) attr.byteSize());
            return rc < 0 ? -lastErrno() : rc;
        } catch (Throwable t) {
            throw linkage(t);
        }
    }

    /** strerror(3): libc's text for an errno. */
    public static String strerror(int errno) {
        try {
            MemorySegment p = (MemorySegment) STRERROR.invokeExact(errno);
            return p.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "unknown error";
        }
    }
}
