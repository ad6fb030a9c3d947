package io.vigil.dataplane.linux.netlink;

import static io.vigil.dataplane.linux.netlink.NetlinkStructs.NLMSG_FLAGS;
import static io.vigil.dataplane.linux.netlink.NetlinkStructs.NLMSG_HDRLEN;
import static io.vigil.dataplane.linux.netlink.NetlinkStructs.NLMSG_LEN;
import static io.vigil.dataplane.linux.netlink.NetlinkStructs.NLMSG_PID;
import static io.vigil.dataplane.linux.netlink.NetlinkStructs.NLMSG_SEQ;
import static io.vigil.dataplane.linux.netlink.NetlinkStructs.NLMSG_TYPE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.MemorySegment;

/**
 * A flyweight that walks the netlink messages of one received datagram (NLMSG_OK / NLMSG_NEXT), bounds-checking
 * every header. It allocates nothing; wrap it again for the next datagram.
 *
 * <p>When a header is inconsistent (shorter than 16 bytes, or longer than what is left) the walk stops, because
 * nothing after it can be framed, and {@link #malformed()} says what was found and where.
 */
public final class NetlinkCursor {

    private MemorySegment buffer = MemorySegment.NULL;
    private int limit;
    private int nextOffset;
    private int offset;
    private int length;
    private String malformed;

    /** Starts a walk over the first {@code length} bytes of {@code buffer}. */
    public NetlinkCursor wrap(MemorySegment buffer, int length) {
        if (length < 0 || length > buffer.byteSize()) {
            throw new IllegalArgumentException("length " + length + " outside a buffer of " + buffer.byteSize() + " bytes");
        }
        this.buffer = buffer;
        this.limit = length;
        this.nextOffset = 0;
        this.offset = -1;
        this.length = 0;
        this.malformed = null;
        return this;
    }

    /** Moves to the next message; false at the end of the datagram or at a malformed header. */
    public boolean next() {
        if (malformed != null) {
            return false;
        }
        int remaining = limit - nextOffset;
        if (remaining <= 0) {
            return false;
        }
        if (remaining < NLMSG_HDRLEN) {
            malformed = remaining + " trailing bytes at offset " + nextOffset + ": expected a " + NLMSG_HDRLEN
                    + "-byte nlmsghdr or nothing";
            return false;
        }
        long declared = Integer.toUnsignedLong(buffer.get(JAVA_INT_UNALIGNED, nextOffset + NLMSG_LEN));
        if (declared < NLMSG_HDRLEN || declared > remaining) {
            malformed = "nlmsg_len " + declared + " at offset " + nextOffset + ": expected " + NLMSG_HDRLEN + ".."
                    + remaining + " (" + limit + "-byte datagram)";
            return false;
        }
        offset = nextOffset;
        length = (int) declared;
        nextOffset = offset + NetlinkStructs.nlmsgAlign(length);
        return true;
    }

    /** Why the walk stopped early, or null when every byte was framed. */
    public String malformed() {
        return malformed;
    }

    /** The buffer being walked. */
    public MemorySegment buffer() {
        return buffer;
    }

    /** Offset of the current message in the buffer. */
    public int offset() {
        return offset;
    }

    /** nlmsg_len of the current message. */
    public int length() {
        return length;
    }

    /** nlmsg_type. */
    public int type() {
        return Short.toUnsignedInt(buffer.get(JAVA_SHORT_UNALIGNED, offset + NLMSG_TYPE));
    }

    /** nlmsg_flags. */
    public int flags() {
        return Short.toUnsignedInt(buffer.get(JAVA_SHORT_UNALIGNED, offset + NLMSG_FLAGS));
    }

    /** nlmsg_seq. */
    public int seq() {
        return buffer.get(JAVA_INT_UNALIGNED, offset + NLMSG_SEQ);
    }

    /** nlmsg_pid: the port id of the socket the message answers (0 for unsolicited announcements). */
    public int pid() {
        return buffer.get(JAVA_INT_UNALIGNED, offset + NLMSG_PID);
    }

    /** Offset of the payload (the family header) in the buffer. */
    public int payloadOffset() {
        return offset + NLMSG_HDRLEN;
    }

    /** Bytes of payload. */
    public int payloadLength() {
        return length - NLMSG_HDRLEN;
    }

    /** Offset just past the current message (unpadded). */
    public int end() {
        return offset + length;
    }
}
