package io.vigil.dataplane.packet;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Flyweight over an ICMP (RFC 792) or ICMPv6 (RFC 4443) message as a PING_CHECK sends and receives it. An echo
 * request or reply:
 * <pre>
 *  0      1      2             4             6             8
 * +------+------+-------------+-------------+-------------+---------
 * | type | code |  checksum   | identifier  |  sequence   | data ...
 * +------+------+-------------+-------------+-------------+---------
 * </pre>
 * An error (destination unreachable, time exceeded) carries after its 8-byte header the start of the datagram that
 * caused it, for IPv4 its IP header then at least 8 bytes of our echo request (RFC 792 "Destination Unreachable
 * Message"), for IPv6 as much of the packet as fits (RFC 4443 §3.1), so the echo it answers is known.
 *
 * <p>Received datagrams are classified by {@link #wrapReceived}; bad input never throws, it yields
 * {@link Kind#MALFORMED} with a {@link #problem()} that says what was found and expected. Thread safety: none; one
 * instance per owner thread.
 */
public final class IcmpEcho {

    /** What a received message is, for an echo client. */
    public enum Kind {
        /** An echo reply: {@link #identifier()} and {@link #sequence()} are its own. */
        ECHO_REPLY,
        /** A destination unreachable error about one of our echo requests. */
        UNREACHABLE,
        /** A time exceeded error about one of our echo requests. */
        TIME_EXCEEDED,
        /** Anything else: an echo request (raw sockets see our own on loopback), other types, errors about others. */
        IGNORED,
        /** Too short or inconsistent; see {@link #problem()}. */
        MALFORMED
    }

    /** Echo reply, RFC 792. */
    public static final int V4_ECHO_REPLY = 0;
    /** Destination unreachable, RFC 792. */
    public static final int V4_DEST_UNREACHABLE = 3;
    /** Echo request, RFC 792. */
    public static final int V4_ECHO_REQUEST = 8;
    /** Time exceeded, RFC 792. */
    public static final int V4_TIME_EXCEEDED = 11;
    /** Destination unreachable, RFC 4443 §3.1. */
    public static final int V6_DEST_UNREACHABLE = 1;
    /** Time exceeded, RFC 4443 §3.3. */
    public static final int V6_TIME_EXCEEDED = 3;
    /** Echo request, RFC 4443 §4.1. */
    public static final int V6_ECHO_REQUEST = 128;
    /** Echo reply, RFC 4443 §4.2. */
    public static final int V6_ECHO_REPLY = 129;
    /** IP protocol number of ICMP, RFC 792. */
    public static final int PROTOCOL_ICMP = 1;
    /** Next header value of ICMPv6, RFC 4443 §1. */
    public static final int PROTOCOL_ICMPV6 = 58;

    /** Length of the ICMP header up to and including the sequence number. */
    public static final int HEADER_LENGTH = 8;
    /** Length of a fixed IPv6 header, RFC 8200 §3. */
    public static final int IPV6_HEADER_LENGTH = 40;

    public static final int TYPE = 0;
    public static final int CODE = 1;
    public static final int CHECKSUM = 2;
    public static final int IDENTIFIER = 4;
    public static final int SEQUENCE = 6;

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private Kind kind = Kind.MALFORMED;
    private int type;
    private int code;
    private int identifier;
    private int sequence;
    private String problem = "nothing wrapped";

    /**
     * Writes an echo request with {@code payloadLength} bytes of data (the pattern 0x00, 0x01, ... as ping(8) sends)
     * at the start of {@code s} and returns its length. For IPv4 the checksum is computed; for IPv6 it is left 0
     * because the kernel fills the ICMPv6 checksum of raw sockets, which covers a pseudo-header (RFC 3542 §3.1).
     */
    public static int writeRequest(MemorySegment s, boolean ipv6, int identifier, int sequence, int payloadLength) {
        int length = HEADER_LENGTH + payloadLength;
        s.set(ValueLayout.JAVA_BYTE, TYPE, (byte) (ipv6 ? V6_ECHO_REQUEST : V4_ECHO_REQUEST));
        s.set(ValueLayout.JAVA_BYTE, CODE, (byte) 0);
        s.set(U16, CHECKSUM, (short) 0);
        s.set(U16, IDENTIFIER, (short) identifier);
        s.set(U16, SEQUENCE, (short) sequence);
        for (int i = 0; i < payloadLength; i++) {
            s.set(ValueLayout.JAVA_BYTE, HEADER_LENGTH + i, (byte) i);
        }
        if (!ipv6) {
            s.set(U16, CHECKSUM, (short) InternetChecksum.compute(s, 0, length));
        }
        return length;
    }

    /**
     * Classifies a datagram read from a raw ICMP socket: for IPv4 it starts with the IP header (raw IPv4 sockets
     * deliver it), for IPv6 with the ICMPv6 header. IPv4 checksums are verified; the kernel has verified ICMPv6's.
     */
    public IcmpEcho wrapReceived(MemorySegment s, long length, boolean ipv6) {
        type = -1;
        code = -1;
        identifier = -1;
        sequence = -1;
        long at = 0;
        if (!ipv6) {
            at = ipv4HeaderLength(s, length, "received datagram");
            if (at < 0) {
                return this;
            }
            if (InternetChecksum.compute(s, at, length - at) != 0) {
                return malformed("ICMP checksum does not verify over " + (length - at) + " bytes");
            }
        }
        if (length - at < HEADER_LENGTH) {
            return malformed("ICMP message of " + (length - at) + " bytes, expected at least " + HEADER_LENGTH);
        }
        type = u8(s, at + TYPE);
        code = u8(s, at + CODE);
        if (type == (ipv6 ? V6_ECHO_REPLY : V4_ECHO_REPLY)) {
            identifier = u16(s, at + IDENTIFIER);
            sequence = u16(s, at + SEQUENCE);
            return classified(Kind.ECHO_REPLY);
        }
        boolean unreachable = type == (ipv6 ? V6_DEST_UNREACHABLE : V4_DEST_UNREACHABLE);
        boolean exceeded = type == (ipv6 ? V6_TIME_EXCEEDED : V4_TIME_EXCEEDED);
        if (!unreachable && !exceeded) {
            return classified(Kind.IGNORED);
        }
        return quotedEcho(s, at + HEADER_LENGTH, length, ipv6, unreachable ? Kind.UNREACHABLE : Kind.TIME_EXCEEDED);
    }

    /** Reads the echo request quoted in an error; an error about anything else is {@link Kind#IGNORED}. */
    private IcmpEcho quotedEcho(MemorySegment s, long at, long length, boolean ipv6, Kind kind) {
        long echo;
        if (ipv6) {
            if (length - at < IPV6_HEADER_LENGTH) {
                return malformed("ICMPv6 error quotes " + (length - at) + " bytes, expected an IPv6 header of "
                        + IPV6_HEADER_LENGTH);
            }
            if (u8(s, at + 6) != PROTOCOL_ICMPV6) {
                return classified(Kind.IGNORED);
            }
            echo = at + IPV6_HEADER_LENGTH;
        } else {
            long inner = ipv4HeaderLength(s.asSlice(at), length - at, "quoted datagram");
            if (inner < 0) {
                return this;
            }
            if (u8(s, at + 9) != PROTOCOL_ICMP) {
                return classified(Kind.IGNORED);
            }
            echo = at + inner;
        }
        if (length - echo < HEADER_LENGTH) {
            return malformed("error quotes " + (length - echo) + " bytes of the ICMP message, expected "
                    + HEADER_LENGTH);
        }
        if (u8(s, echo + TYPE) != (ipv6 ? V6_ECHO_REQUEST : V4_ECHO_REQUEST)) {
            return classified(Kind.IGNORED);
        }
        identifier = u16(s, echo + IDENTIFIER);
        sequence = u16(s, echo + SEQUENCE);
        return classified(kind);
    }

    /** The IPv4 header length from IHL, or -1 (and MALFORMED) when it does not fit. */
    private long ipv4HeaderLength(MemorySegment s, long length, String what) {
        if (length < 20) {
            malformed(what + " of " + length + " bytes, expected an IPv4 header of at least 20");
            return -1;
        }
        int versionIhl = u8(s, 0);
        int ihl = (versionIhl & 0x0f) * 4;
        if ((versionIhl >>> 4) != 4 || ihl < 20 || ihl > length) {
            malformed(what + ": version " + (versionIhl >>> 4) + ", header length " + ihl + " of " + length
                    + " bytes, expected version 4 and 20.." + length);
            return -1;
        }
        return ihl;
    }

    private IcmpEcho classified(Kind k) {
        kind = k;
        problem = "";
        return this;
    }

    private IcmpEcho malformed(String why) {
        kind = Kind.MALFORMED;
        problem = why;
        return this;
    }

    private static int u8(MemorySegment s, long at) {
        return s.get(ValueLayout.JAVA_BYTE, at) & 0xff;
    }

    private static int u16(MemorySegment s, long at) {
        return s.get(U16, at) & 0xffff;
    }

    /** What the last wrapped datagram is. */
    public Kind kind() {
        return kind;
    }

    /** The ICMP type of the last datagram (-1 when malformed before the type). */
    public int type() {
        return type;
    }

    /** The ICMP code, e.g. 1 host unreachable (RFC 792) or 3 address unreachable (RFC 4443 §3.1). */
    public int code() {
        return code;
    }

    /** The echo identifier: the reply's own, or that of the request an error quotes. */
    public int identifier() {
        return identifier;
    }

    /** The echo sequence number: the reply's own, or that of the request an error quotes. */
    public int sequence() {
        return sequence;
    }

    /** Why the last datagram is {@link Kind#MALFORMED}; empty otherwise. */
    public String problem() {
        return problem;
    }
}
