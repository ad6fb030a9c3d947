package io.vigil.dataplane.linux.netlink;

import static io.vigil.dataplane.linux.netlink.NetlinkStructs.RTA_HDRLEN;
import static io.vigil.dataplane.linux.netlink.NetlinkStructs.RTA_LEN;
import static io.vigil.dataplane.linux.netlink.NetlinkStructs.RTA_TYPE;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * A flyweight over the rtattr list of one message (RTA_OK / RTA_NEXT). It allocates nothing while walking; the
 * value readers allocate only the value they return.
 *
 * <p>An attribute whose rta_len is below 4 or runs past the message stops the walk; {@link #malformed()} says
 * what was found and where.
 */
public final class AttributeCursor {

    private MemorySegment buffer = MemorySegment.NULL;
    private int limit;
    private int nextOffset;
    private int offset;
    private int length;
    private String malformed;

    /** Starts a walk over {@code [start, end)} of {@code buffer}. */
    public AttributeCursor wrap(MemorySegment buffer, int start, int end) {
        this.buffer = buffer;
        this.limit = end;
        this.nextOffset = start;
        this.offset = -1;
        this.length = 0;
        this.malformed = null;
        return this;
    }

    /** Moves to the next attribute; false at the end or at a malformed one. */
    public boolean next() {
        if (malformed != null) {
            return false;
        }
        int remaining = limit - nextOffset;
        if (remaining <= 0) {
            return false;
        }
        if (remaining < RTA_HDRLEN) {
            malformed = remaining + " trailing bytes at offset " + nextOffset + ": expected a 4-byte rtattr or nothing";
            return false;
        }
        int declared = Short.toUnsignedInt(buffer.get(JAVA_SHORT_UNALIGNED, nextOffset + RTA_LEN));
        if (declared < RTA_HDRLEN || declared > remaining) {
            malformed = "rta_len " + declared + " (type " + rawType(nextOffset) + ") at offset " + nextOffset
                    + ": expected " + RTA_HDRLEN + ".." + remaining;
            return false;
        }
        offset = nextOffset;
        length = declared;
        nextOffset = offset + NetlinkStructs.rtaAlign(length);
        return true;
    }

    private int rawType(int at) {
        return Short.toUnsignedInt(buffer.get(JAVA_SHORT_UNALIGNED, at + RTA_TYPE)) & NetlinkConstants.NLA_TYPE_MASK;
    }

    /** Why the walk stopped early, or null. */
    public String malformed() {
        return malformed;
    }

    /** rta_type without the NLA_F_NESTED and NLA_F_NET_BYTEORDER bits. */
    public int type() {
        return rawType(offset);
    }

    /** Offset of the attribute in the buffer. */
    public int offset() {
        return offset;
    }

    /** Offset of the value. */
    public int dataOffset() {
        return offset + RTA_HDRLEN;
    }

    /** Length of the value (RTA_PAYLOAD). */
    public int dataLength() {
        return length - RTA_HDRLEN;
    }

    /** The value as u8; the caller has checked {@code dataLength() >= 1}. */
    public int u8() {
        return Byte.toUnsignedInt(buffer.get(JAVA_BYTE, dataOffset()));
    }

    /** The value as a host-order u32 (read as int); the caller has checked {@code dataLength() == 4}. */
    public int u32() {
        return buffer.get(JAVA_INT_UNALIGNED, dataOffset());
    }

    /** The value's bytes. */
    public byte[] bytes() {
        return buffer.asSlice(dataOffset(), dataLength()).toArray(JAVA_BYTE);
    }

    /** The value as a C string: up to the first NUL, or the whole value when it has none. */
    public String string() {
        int n = 0;
        int data = dataOffset();
        while (n < dataLength() && buffer.get(JAVA_BYTE, data + n) != 0) {
            n++;
        }
        return new String(buffer.asSlice(data, n).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
    }

    /** The value as an IPv4 (4 bytes) or IPv6 (16 bytes) address, or null for any other length. */
    public InetAddress inetAddress() {
        if (dataLength() != 4 && dataLength() != 16) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes());
        } catch (UnknownHostException impossible) {
            throw new AssertionError(impossible);
        }
    }
}
