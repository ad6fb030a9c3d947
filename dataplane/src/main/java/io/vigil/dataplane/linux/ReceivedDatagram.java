package io.vigil.dataplane.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A reusable holder for one datagram received by {@link RawIpSocket#receive}: the bytes, where the payload starts,
 * the hop limit (IPv4 TTL), the source and destination addresses and the arrival interface. All native memory
 * (data buffer, msghdr, iovec, address and control buffers) is allocated once, so receiving allocates nothing.
 *
 * <p>For IPv4 the kernel delivers the IP header in the data: {@link #payloadOffset()} is its length (IHL × 4) and
 * the TTL and destination come from it. For IPv6 the data is the payload only; the hop limit and destination come
 * from the IPV6_HOPLIMIT and IPV6_PKTINFO control messages.
 *
 * <p>Thread safety: none; owned by the thread that receives.
 */
public final class ReceivedDatagram {

    private static final int IPV4_MIN_HEADER = 20;
    private static final long IPV4_TTL = 8;
    private static final long IPV4_SOURCE = 12;
    private static final long IPV4_DESTINATION = 16;
    private static final long CONTROL_CAPACITY = CmsgHdr.space(Integer.BYTES) + CmsgHdr.space(In6Pktinfo.LAYOUT.byteSize()) + 64;

    private final MemorySegment buffer;
    private final MemorySegment name;
    private final MemorySegment iov;
    private final MemorySegment control;
    private final MemorySegment msghdr;
    private final MemorySegment sourceAddress;
    private final MemorySegment destinationAddress;

    private int length;
    private boolean ipv6;
    private boolean truncated;
    private int payloadOffset;
    private int hopLimit;
    private int ifindex;

    private ReceivedDatagram(Arena arena, int capacity) {
        this.buffer = arena.allocate(capacity, 8);
        this.name = arena.allocate(SockaddrIn6.LAYOUT);
        this.iov = arena.allocate(IoVec.LAYOUT);
        this.control = arena.allocate(CONTROL_CAPACITY, 8);
        this.msghdr = arena.allocate(MsgHdr.LAYOUT);
        this.sourceAddress = arena.allocate(16);
        this.destinationAddress = arena.allocate(16);
        IoVec.write(iov, buffer);
    }

    /** A holder for datagrams of up to {@code capacity} bytes (IPv4 header included), with memory from {@code arena}. */
    public static ReceivedDatagram allocate(Arena arena, int capacity) {
        if (capacity < IPV4_MIN_HEADER) {
            throw new IllegalArgumentException("capacity " + capacity + " bytes, expected at least " + IPV4_MIN_HEADER);
        }
        return new ReceivedDatagram(arena, capacity);
    }

    /** Resets the msghdr lengths the kernel overwrites, and returns it for recvmsg. */
    MemorySegment prepare() {
        MsgHdr.write(msghdr, name, iov, control);
        return msghdr;
    }

    /** Fills in the fields after recvmsg returned {@code byteCount}; never throws on what the kernel delivered. */
    void complete(long byteCount, boolean fromIpv6, int socketIfindex) {
        length = (int) Math.min(byteCount, buffer.byteSize());
        ipv6 = fromIpv6;
        truncated = (msghdr.get(JAVA_INT, MsgHdr.FLAGS) & SocketOptions.MSG_TRUNC) != 0;
        sourceAddress.fill((byte) 0);
        destinationAddress.fill((byte) 0);
        if (fromIpv6) {
            payloadOffset = 0;
            hopLimit = -1;
            ifindex = socketIfindex;
            MemorySegment.copy(name, SockaddrIn6.ADDRESS, sourceAddress, 0, 16);
            readControlMessages();
        } else {
            int headerLength = length > 0 ? (buffer.get(JAVA_BYTE, 0) & 0x0f) * 4 : 0;
            boolean whole = length >= IPV4_MIN_HEADER && headerLength >= IPV4_MIN_HEADER && headerLength <= length;
            payloadOffset = whole ? headerLength : length;
            hopLimit = whole ? buffer.get(JAVA_BYTE, IPV4_TTL) & 0xff : -1;
            ifindex = socketIfindex;
            MemorySegment.copy(name, SockaddrIn.ADDRESS, sourceAddress, 0, 4);
            if (whole) {
                MemorySegment.copy(buffer, IPV4_DESTINATION, destinationAddress, 0, 4);
            }
        }
    }

    private void readControlMessages() {
        long controlLength = Math.min(msghdr.get(JAVA_LONG, MsgHdr.CONTROLLEN), control.byteSize());
        long offset = 0;
        while (offset + CmsgHdr.DATA <= controlLength) {
            long messageLength = control.get(JAVA_LONG, offset + CmsgHdr.LEN);
            if (messageLength < CmsgHdr.DATA || offset + messageLength > controlLength) {
                return;
            }
            int level = control.get(JAVA_INT, offset + CmsgHdr.LEVEL);
            int type = control.get(JAVA_INT, offset + CmsgHdr.TYPE);
            long data = offset + CmsgHdr.DATA;
            if (level == SocketOptions.IPPROTO_IPV6 && type == SocketOptions.IPV6_HOPLIMIT
                    && messageLength >= CmsgHdr.DATA + Integer.BYTES) {
                hopLimit = control.get(JAVA_INT, data);
            } else if (level == SocketOptions.IPPROTO_IPV6 && type == SocketOptions.IPV6_PKTINFO
                    && messageLength >= CmsgHdr.DATA + In6Pktinfo.LAYOUT.byteSize()) {
                MemorySegment.copy(control, data + In6Pktinfo.ADDR, destinationAddress, 0, 16);
                ifindex = control.get(JAVA_INT, data + In6Pktinfo.IFINDEX);
            }
            offset += CmsgHdr.align(messageLength);
        }
    }

    /** The whole receive buffer; the datagram is its first {@link #length()} bytes. */
    public MemorySegment buffer() {
        return buffer;
    }

    /** Bytes received (IPv4: header included). */
    public int length() {
        return length;
    }

    /** True when the datagram was longer than the buffer (MSG_TRUNC) and its tail was cut. */
    public boolean truncated() {
        return truncated;
    }

    /** Whether this came from an IPv6 socket (no IP header in the data). */
    public boolean ipv6() {
        return ipv6;
    }

    /** Where the protocol payload starts in {@link #buffer()}: the IPv4 header length, or 0 for IPv6. */
    public int payloadOffset() {
        return payloadOffset;
    }

    /** Payload length: {@link #length()} minus {@link #payloadOffset()}. */
    public int payloadLength() {
        return length - payloadOffset;
    }

    /** IPv4 header bytes delivered with the datagram (0 for IPv6). */
    public int ipHeaderLength() {
        return ipv6 ? 0 : payloadOffset;
    }

    /** The IPv4 TTL from the header, or the IPv6 hop limit from IPV6_HOPLIMIT; -1 when not delivered. */
    public int hopLimit() {
        return hopLimit;
    }

    /** The interface it arrived on (IPV6_PKTINFO for IPv6, the socket's interface for IPv4). */
    public int ifindex() {
        return ifindex;
    }

    /** The source address bytes: 4 for IPv4, 16 for IPv6. No allocation. */
    public MemorySegment sourceBytes() {
        return sourceAddress.asSlice(0, ipv6 ? 16 : 4);
    }

    /** The destination address bytes (IPv4 header, or IPV6_PKTINFO): 4 or 16 bytes, zero when not delivered. */
    public MemorySegment destinationBytes() {
        return destinationAddress.asSlice(0, ipv6 ? 16 : 4);
    }

    /** The source address as an {@link InetAddress} (allocates; link-local IPv6 sources carry the ifindex as scope). */
    public InetAddress source() {
        return toInetAddress(sourceBytes());
    }

    /** The destination address as an {@link InetAddress} (allocates). */
    public InetAddress destination() {
        return toInetAddress(destinationBytes());
    }

    private InetAddress toInetAddress(MemorySegment bytes) {
        byte[] raw = bytes.toArray(JAVA_BYTE);
        try {
            if (raw.length == 16 && (raw[0] & 0xff) == 0xfe && (raw[1] & 0xc0) == 0x80 && ifindex > 0) {
                return Inet6Address.getByAddress(null, raw, ifindex);
            }
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }
}
