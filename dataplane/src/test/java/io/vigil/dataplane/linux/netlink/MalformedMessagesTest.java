package io.vigil.dataplane.linux.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bad input is skipped with a reason and counted; nothing in the parse path throws. The timeout turns a walk that
 * stops advancing (a length that aligns to 0) into a failure instead of a hang.
 */
@Timeout(30)
class MalformedMessagesTest {

    private final ParseDiagnostics diagnostics = new ParseDiagnostics();
    private final RtnetlinkDecoder decoder = new RtnetlinkDecoder(diagnostics);
    private final NetlinkCursor cursor = new NetlinkCursor();

    private static void putInt(byte[] b, int at, int v) {
        ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).putInt(at, v);
    }

    private static void putShort(byte[] b, int at, int v) {
        ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).putShort(at, (short) v);
    }

    private int walk(byte[] datagram) {
        cursor.wrap(Datagrams.segment(datagram), datagram.length);
        int n = 0;
        while (cursor.next()) {
            n++;
        }
        return n;
    }

    @Test
    void truncatedDatagramStopsAtTheCutMessage() {
        byte[] dump = Datagrams.captured("lo-addr-dump");
        byte[] cut = Arrays.copyOf(dump, 100);  // first message is 76 bytes; the second is cut
        assertEquals(1, walk(cut));
        assertEquals("nlmsg_len 80 at offset 76: expected 16..24 (100-byte datagram)", cursor.malformed());
    }

    @Test
    void trailingBytesShorterThanAHeader() {
        byte[] dump = Datagrams.captured("lo-addr-dump");
        assertEquals(3, walk(Arrays.copyOf(dump, dump.length + 5)));
        assertEquals("5 trailing bytes at offset 176: expected a 16-byte nlmsghdr or nothing", cursor.malformed());
    }

    @Test
    void lengthBelowTheHeaderAndHugeLengths() {
        byte[] dump = Datagrams.captured("lo-addr-dump");
        putInt(dump, 0, 8);
        assertEquals(0, walk(dump));
        assertEquals("nlmsg_len 8 at offset 0: expected 16..176 (176-byte datagram)", cursor.malformed());
        putInt(dump, 0, -1);
        assertEquals(0, walk(dump));
        assertEquals("nlmsg_len 4294967295 at offset 0: expected 16..176 (176-byte datagram)", cursor.malformed());
    }

    @Test
    void payloadShorterThanTheFamilyHeader() {
        byte[] dump = Datagrams.captured("lo-addr-dump");
        putInt(dump, 0, 20);  // RTM_NEWADDR with 4 bytes of payload, then garbage framing
        cursor.wrap(Datagrams.segment(dump), dump.length);
        assertTrue(cursor.next());
        assertNull(decoder.address(cursor));
        assertEquals(1, diagnostics.count());
        assertEquals("RTM_NEWADDR at offset 0: payload of 4 bytes, expected at least 8 (ifaddrmsg)",
                diagnostics.lastReason());
    }

    @Test
    void attributeRunningPastTheMessage() {
        byte[] dump = Datagrams.captured("lo-addr-dump");
        putShort(dump, 24, 200);  // the first rtattr (IFA_ADDRESS at offset 24) claims 200 bytes
        cursor.wrap(Datagrams.segment(dump), dump.length);
        assertTrue(cursor.next());
        assertNull(decoder.address(cursor));
        assertEquals("RTM_NEWADDR at offset 0: rta_len 200 (type 1) at offset 24: expected 4..52",
                diagnostics.lastReason());
        assertTrue(cursor.next(), "the next message is still framed");
        assertNotNull(decoder.address(cursor));
        assertEquals(1, diagnostics.count());
    }

    @Test
    void attributeOfTheWrongSize() {
        byte[] link = RtnetlinkDecoderTest.vethLink(1, 6);
        // IFLA_MTU is the third attribute: ifname (8) at 32, address (12) at 40, mtu at 52. Make it 2 bytes long.
        putShort(link, 52, 6);
        cursor.wrap(Datagrams.segment(link), link.length);
        assertTrue(cursor.next());
        assertNull(decoder.link(cursor));
        assertEquals("RTM_NEWLINK at offset 0: IFLA_MTU of 2 bytes, expected 4", diagnostics.lastReason());
    }

    @Test
    void addressOfTheWrongFamilyLength() {
        byte[] dump = Datagrams.captured("lo-addr-dump");
        dump[16] = 10;  // claim AF_INET6 for 127.0.0.1
        cursor.wrap(Datagrams.segment(dump), dump.length);
        assertTrue(cursor.next());
        assertNull(decoder.address(cursor));
        assertEquals("RTM_NEWADDR at offset 0: IFA attribute 1 of 4 bytes, expected 16 for family 10",
                diagnostics.lastReason());
    }

    @Test
    void ackWithALyingEchoedLengthStillDecodes() {
        byte[] error = RtnetlinkDecoderTest.error(-17, "exists");
        putShort(error, 6, NetlinkConstants.NLM_F_ACK_TLVS);  // not capped: the echoed nlmsg_len (40) is believed
        putInt(error, 20, Integer.MAX_VALUE);
        cursor.wrap(Datagrams.segment(error), error.length);
        assertTrue(cursor.next());
        assertEquals(new NetlinkAck(17, java.util.Optional.empty()), decoder.ack(cursor));
    }

    @Test
    void linkWithoutAName() {
        byte[] link = RtnetlinkDecoderTest.vethLink(1, 6);
        putShort(link, 34, 99);  // IFLA_IFNAME becomes an unknown attribute type
        cursor.wrap(Datagrams.segment(link), link.length);
        assertTrue(cursor.next());
        assertNull(decoder.link(cursor));
        assertEquals("RTM_NEWLINK at offset 0: ifindex 4 has no IFLA_IFNAME", diagnostics.lastReason());
    }

    @Property(tries = 400)
    void randomBytesNeverThrow(@ForAll @Size(max = 300) byte[] garbage) {
        decodeEverything(garbage);
    }

    @Property(tries = 400)
    void corruptedCapturesNeverThrow(@ForAll @IntRange(min = 0, max = 175) int at, @ForAll byte value,
                                     @ForAll @IntRange(min = 0, max = 176) int cut) {
        byte[] dump = Datagrams.captured("lo-addr-dump");
        dump[at] = value;
        decodeEverything(Arrays.copyOf(dump, cut));
        byte[] links = Datagrams.captured("lo-link-dump");
        links[at * 8 % links.length] = value;
        decodeEverything(links);
    }

    /** Runs every decoder over every framed message; only results and diagnostics may come out. */
    private void decodeEverything(byte[] datagram) {
        cursor.wrap(Datagrams.segment(datagram), datagram.length);
        int framed = 0;
        while (cursor.next()) {
            framed++;
            assertTrue(cursor.length() >= 16 && cursor.end() <= datagram.length);
            decoder.link(cursor);
            decoder.address(cursor);
            decoder.route(cursor);
            decoder.neighbour(cursor);
            decoder.ack(cursor);
            decoder.event(cursor);
        }
        assertFalse(framed == 0 && datagram.length >= 16 && cursor.malformed() == null);
    }
}
