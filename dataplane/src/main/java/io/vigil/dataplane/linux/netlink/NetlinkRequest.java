package io.vigil.dataplane.linux.netlink;

import static io.vigil.dataplane.linux.netlink.NetlinkStructs.NLMSG_FLAGS;
import static io.vigil.dataplane.linux.netlink.NetlinkStructs.NLMSG_HDRLEN;
import static io.vigil.dataplane.linux.netlink.NetlinkStructs.NLMSG_LEN;
import static io.vigil.dataplane.linux.netlink.NetlinkStructs.NLMSG_PID;
import static io.vigil.dataplane.linux.netlink.NetlinkStructs.NLMSG_SEQ;
import static io.vigil.dataplane.linux.netlink.NetlinkStructs.NLMSG_TYPE;
import static io.vigil.dataplane.linux.netlink.NetlinkStructs.RTA_HDRLEN;
import static io.vigil.dataplane.linux.netlink.NetlinkStructs.RTA_LEN;
import static io.vigil.dataplane.linux.netlink.NetlinkStructs.RTA_TYPE;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * Builds one netlink request in a reusable buffer: {@link #begin} writes the nlmsghdr, {@link #header} reserves the
 * family header, the {@code attribute} methods append rtattrs (RTA_ALIGN padding zeroed), {@link #finish} sets
 * nlmsg_len. Requests are small and built by Vigil's own code, so running out of buffer is a programming error
 * ({@link IllegalStateException}).
 */
public final class NetlinkRequest {

    private final MemorySegment buffer;
    private int position;

    /** A builder writing into {@code buffer} from offset 0. */
    public NetlinkRequest(MemorySegment buffer) {
        this.buffer = buffer;
    }

    /** Starts a message: nlmsghdr with this type, flags and sequence number; nlmsg_pid 0 (the kernel fills it). */
    public NetlinkRequest begin(int type, int flags, int seq) {
        position = 0;
        int at = reserve(NLMSG_HDRLEN);
        buffer.set(JAVA_SHORT_UNALIGNED, at + NLMSG_TYPE, (short) type);
        buffer.set(JAVA_SHORT_UNALIGNED, at + NLMSG_FLAGS, (short) flags);
        buffer.set(JAVA_INT_UNALIGNED, at + NLMSG_SEQ, seq);
        buffer.set(JAVA_INT_UNALIGNED, at + NLMSG_PID, 0);
        return this;
    }

    /** Reserves a zeroed family header (ifinfomsg, ifaddrmsg, ...), NLMSG_ALIGNed; returns its offset. */
    public int header(MemoryLayout layout) {
        return reserve(NetlinkStructs.nlmsgAlign((int) layout.byteSize()));
    }

    /** Writes a u8 field of the family header at {@code at}. */
    public NetlinkRequest putU8(long at, int value) {
        buffer.set(JAVA_BYTE, at, (byte) value);
        return this;
    }

    /** Writes a host-order u16 field at {@code at}. */
    public NetlinkRequest putU16(long at, int value) {
        buffer.set(JAVA_SHORT_UNALIGNED, at, (short) value);
        return this;
    }

    /** Writes a host-order u32 field at {@code at}. */
    public NetlinkRequest putU32(long at, int value) {
        buffer.set(JAVA_INT_UNALIGNED, at, value);
        return this;
    }

    /** Appends an attribute with raw bytes (addresses go in network order, as they are in {@code InetAddress}). */
    public NetlinkRequest attribute(int type, byte[] value) {
        int at = attributeHeader(type, value.length);
        MemorySegment.copy(value, 0, buffer, JAVA_BYTE, at + RTA_HDRLEN, value.length);
        return this;
    }

    /** Appends a host-order u32 attribute. */
    public NetlinkRequest attributeU32(int type, int value) {
        int at = attributeHeader(type, 4);
        buffer.set(JAVA_INT_UNALIGNED, at + RTA_HDRLEN, value);
        return this;
    }

    /** Appends a NUL-terminated string attribute. */
    public NetlinkRequest attributeString(int type, String value) {
        byte[] text = value.getBytes(StandardCharsets.UTF_8);
        int at = attributeHeader(type, text.length + 1);
        MemorySegment.copy(text, 0, buffer, JAVA_BYTE, at + RTA_HDRLEN, text.length);
        return this;
    }

    private int attributeHeader(int type, int dataLength) {
        int length = RTA_HDRLEN + dataLength;
        if (length > 0xffff) {
            throw new IllegalStateException("attribute " + type + " of " + dataLength + " bytes exceeds rta_len's u16");
        }
        int at = reserve(NetlinkStructs.rtaAlign(length));
        buffer.set(JAVA_SHORT_UNALIGNED, at + RTA_LEN, (short) length);
        buffer.set(JAVA_SHORT_UNALIGNED, at + RTA_TYPE, (short) type);
        return at;
    }

    private int reserve(int bytes) {
        int at = position;
        if ((long) at + bytes > buffer.byteSize()) {
            throw new IllegalStateException("netlink request of " + (at + bytes) + " bytes exceeds the "
                    + buffer.byteSize() + "-byte buffer");
        }
        buffer.asSlice(at, bytes).fill((byte) 0);
        position = at + bytes;
        return at;
    }

    /** Sets nlmsg_len; returns the message length. */
    public int finish() {
        buffer.set(JAVA_INT_UNALIGNED, NLMSG_LEN, position);
        return position;
    }

    /** The message built so far, as a slice of the buffer. */
    public MemorySegment message() {
        return buffer.asSlice(0, position);
    }
}
