package io.vigil.dataplane.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The ICMP echo codec and the RFC 1071 checksum, on hand-built datagrams. */
class IcmpEchoTest {

    private static MemorySegment bytes(String hex) {
        return MemorySegment.ofArray(HexFormat.of().parseHex(hex.replace(" ", "")));
    }

    @Test
    void checksumMatchesTheRfc1071Example() {
        // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum to ddf2; the checksum is its complement.
        assertEquals(0x220d, InternetChecksum.compute(bytes("0001 f203 f4f5 f6f7"), 0, 8));
    }

    @Test
    void checksumPadsAnOddByteWithZero() {
        assertEquals(InternetChecksum.compute(bytes("0001 f203 f4f5 f6f7 ab00"), 0, 10),
                InternetChecksum.compute(bytes("0001 f203 f4f5 f6f7 ab"), 0, 9));
    }

    @Test
    void ipv4RequestCarriesTypeIdSequenceAndAVerifyingChecksum() {
        MemorySegment s = MemorySegment.ofArray(new byte[64]);
        int length = IcmpEcho.writeRequest(s, false, 0xbeef, 0x0102, 16);
        assertEquals(24, length);
        assertEquals("0800", HexFormat.of().formatHex(s.asSlice(0, 2).toArray(ValueLayout.JAVA_BYTE)));
        assertEquals("beef0102", HexFormat.of().formatHex(s.asSlice(4, 4).toArray(ValueLayout.JAVA_BYTE)));
        assertEquals(0, InternetChecksum.compute(s, 0, length));
        assertEquals(15, s.get(ValueLayout.JAVA_BYTE, 8 + 15));
    }

    @Test
    void ipv6RequestLeavesTheChecksumToTheKernel() {
        MemorySegment s = MemorySegment.ofArray(new byte[64]);
        assertEquals(8, IcmpEcho.writeRequest(s, true, 1, 2, 0));
        assertEquals("8000000000010002", HexFormat.of().formatHex(s.asSlice(0, 8).toArray(ValueLayout.JAVA_BYTE)));
    }

    /** An IPv4 header (20 bytes, protocol ICMP) followed by {@code icmp}, with the ICMP checksum filled in. */
    private static MemorySegment ipv4(String icmpHex) {
        MemorySegment icmp = bytes(icmpHex);
        MemorySegment s = MemorySegment.ofArray(new byte[20 + (int) icmp.byteSize()]);
        MemorySegment.copy(bytes("4500 0000 0000 0000 4001 0000 7f00 0001 7f00 0001"), 0, s, 0, 20);
        MemorySegment.copy(icmp, 0, s, 20, icmp.byteSize());
        s.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), 22,
                (short) InternetChecksum.compute(s, 20, icmp.byteSize()));
        return s;
    }

    @Test
    void ipv4EchoReplyIsClassifiedWithItsIdAndSequence() {
        MemorySegment s = ipv4("0000 0000 beef 0007 6162 6364");
        IcmpEcho echo = new IcmpEcho().wrapReceived(s, s.byteSize(), false);
        assertEquals(IcmpEcho.Kind.ECHO_REPLY, echo.kind(), echo.problem());
        assertEquals(0xbeef, echo.identifier());
        assertEquals(7, echo.sequence());
    }

    @Test
    void ourOwnRequestSeenOnLoopbackIsIgnored() {
        MemorySegment s = ipv4("0800 0000 beef 0007");
        assertEquals(IcmpEcho.Kind.IGNORED, new IcmpEcho().wrapReceived(s, s.byteSize(), false).kind());
    }

    @Test
    void ipv4HostUnreachableNamesTheEchoItQuotes() {
        // type 3 code 1, unused, then the quoted IPv4 header (protocol 1) and the first 8 bytes of our request.
        MemorySegment s = ipv4("0301 0000 0000 0000" + "4500 001c 0000 0000 4001 0000 c612 0001 c612 0009"
                + "0800 0000 1234 0042");
        IcmpEcho echo = new IcmpEcho().wrapReceived(s, s.byteSize(), false);
        assertEquals(IcmpEcho.Kind.UNREACHABLE, echo.kind(), echo.problem());
        assertEquals(1, echo.code());
        assertEquals(0x1234, echo.identifier());
        assertEquals(0x42, echo.sequence());
    }

    @Test
    void anErrorAboutUdpIsIgnored() {
        MemorySegment s = ipv4("0303 0000 0000 0000" + "4500 001c 0000 0000 4011 0000 c612 0001 c612 0009"
                + "0035 0035 0008 0000");
        assertEquals(IcmpEcho.Kind.IGNORED, new IcmpEcho().wrapReceived(s, s.byteSize(), false).kind());
    }

    @Test
    void aBadChecksumIsMalformedAndSaysSo() {
        MemorySegment s = ipv4("0000 0000 beef 0007");
        s.set(ValueLayout.JAVA_BYTE, 27, (byte) 8);
        IcmpEcho echo = new IcmpEcho().wrapReceived(s, s.byteSize(), false);
        assertEquals(IcmpEcho.Kind.MALFORMED, echo.kind());
        assertTrue(echo.problem().contains("checksum does not verify"), echo.problem());
    }

    @Test
    void truncatedAndBadHeadersAreMalformedWithTheirLengths() {
        IcmpEcho echo = new IcmpEcho();
        assertEquals(IcmpEcho.Kind.MALFORMED, echo.wrapReceived(bytes("4500"), 2, false).kind());
        assertTrue(echo.problem().contains("of 2 bytes, expected an IPv4 header of at least 20"), echo.problem());
        MemorySegment ihl = ipv4("0000 0000 beef 0007");
        ihl.set(ValueLayout.JAVA_BYTE, 0, (byte) 0x4f);
        assertEquals(IcmpEcho.Kind.MALFORMED, echo.wrapReceived(ihl, ihl.byteSize(), false).kind());
        assertTrue(echo.problem().contains("header length 60 of 28 bytes"), echo.problem());
        assertEquals(IcmpEcho.Kind.MALFORMED, echo.wrapReceived(bytes("8100 0000"), 4, true).kind());
        assertTrue(echo.problem().contains("ICMP message of 4 bytes, expected at least 8"), echo.problem());
    }

    @Test
    void ipv6ReplyAndAddressUnreachable() {
        IcmpEcho echo = new IcmpEcho();
        MemorySegment reply = bytes("8100 0000 0a0b 0c0d");
        assertEquals(IcmpEcho.Kind.ECHO_REPLY, echo.wrapReceived(reply, 8, true).kind());
        assertEquals(0x0a0b, echo.identifier());
        assertEquals(0x0c0d, echo.sequence());
        // type 1 code 3, unused, then the quoted IPv6 header (next header 58) and our request.
        String v6Header = "6000 0000 0008 3a40" + "2001 0db8 0000 0000 0000 0000 0000 0001".repeat(2);
        MemorySegment error = bytes("0103 0000 0000 0000" + v6Header + "8000 0000 0a0b 0c0e");
        assertEquals(IcmpEcho.Kind.UNREACHABLE, echo.wrapReceived(error, error.byteSize(), true).kind(),
                echo.problem());
        assertEquals(3, echo.code());
        assertEquals(0x0c0e, echo.sequence());
    }

    @Property
    void anyBytesClassifyWithoutThrowing(@ForAll @Size(max = 120) byte[] data, @ForAll boolean ipv6) {
        IcmpEcho echo = new IcmpEcho().wrapReceived(MemorySegment.ofArray(data), data.length, ipv6);
        assertTrue(echo.kind() != IcmpEcho.Kind.MALFORMED || !echo.problem().isEmpty());
    }

    @Property
    void everyIpv4RequestVerifies(@ForAll @IntRange(max = 0xffff) int id, @ForAll @IntRange(max = 0xffff) int seq,
                                  @ForAll @IntRange(max = 1000) int payload) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(1100);
            int length = IcmpEcho.writeRequest(s, false, id, seq, payload);
            assertEquals(0, InternetChecksum.compute(s, 0, length));
        }
    }
}
