package io.vigil.dataplane.linux.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplyMatcherTest {

    private static final int PORT = 0x4385;

    private final ParseDiagnostics diagnostics = new ParseDiagnostics();
    private final ReplyMatcher matcher = new ReplyMatcher(new RtnetlinkDecoder(diagnostics));
    private final NetlinkCursor cursor = new NetlinkCursor();
    private final List<Integer> replies = new ArrayList<>();

    private static byte[] message(int type, int flags, int seq, int pid) {
        NetlinkRequest m = Datagrams.builder().begin(type, flags, seq);
        m.header(NetlinkStructs.IFADDRMSG);
        m.putU32(NetlinkStructs.NLMSG_PID, pid);
        return Datagrams.bytes(m);
    }

    private static byte[] done(int seq, int error) {
        NetlinkRequest m = Datagrams.builder().begin(NetlinkConstants.NLMSG_DONE, NetlinkConstants.NLM_F_MULTI, seq);
        int h = m.header(java.lang.foreign.ValueLayout.JAVA_INT);
        m.putU32(h, error).putU32(NetlinkStructs.NLMSG_PID, PORT);
        return Datagrams.bytes(m);
    }

    private static byte[] ack(int seq, int error) {
        byte[] e = RtnetlinkDecoderTest.error(error, null);
        java.nio.ByteBuffer.wrap(e).order(java.nio.ByteOrder.nativeOrder()).putInt(8, seq).putInt(12, PORT);
        return e;
    }

    private ReplyMatcher.Step feed(byte[] datagram) {
        cursor.wrap(Datagrams.segment(datagram), datagram.length);
        return matcher.datagram(cursor, m -> replies.add(m.seq()));
    }

    @Test
    void capturedDumpIsAnsweredAtNlmsgDone() {
        matcher.expect(1, PORT);
        assertEquals(ReplyMatcher.Step.DONE, feed(Datagrams.captured("lo-addr-dump")));
        assertEquals(List.of(1, 1), replies);
        assertTrue(matcher.consistent());
        assertEquals(0, diagnostics.count());
    }

    @Test
    void multipartRepliesSpanDatagrams() {
        matcher.expect(7, PORT);
        int multi = NetlinkConstants.NLM_F_MULTI;
        assertEquals(ReplyMatcher.Step.MORE, feed(Datagrams.concat(
                message(NetlinkConstants.RTM_NEWADDR, multi, 7, PORT), message(NetlinkConstants.RTM_NEWADDR, multi, 7, PORT))));
        assertEquals(ReplyMatcher.Step.MORE, feed(message(NetlinkConstants.RTM_NEWADDR,
                multi | NetlinkConstants.NLM_F_DUMP_INTR, 7, PORT)));
        assertEquals(ReplyMatcher.Step.DONE, feed(done(7, 0)));
        assertEquals(3, replies.size());
        assertFalse(matcher.consistent(), "NLM_F_DUMP_INTR was seen");
    }

    @Test
    void staleSequenceNumbersAndForeignPortsAreSkippedAndCounted() {
        matcher.expect(9, PORT);
        assertEquals(ReplyMatcher.Step.DONE, feed(Datagrams.concat(
                message(NetlinkConstants.RTM_NEWLINK, 0, 8, PORT),
                message(NetlinkConstants.RTM_NEWLINK, 0, 9, PORT + 1),
                message(NetlinkConstants.RTM_NEWLINK, 0, 9, PORT))));
        assertEquals(List.of(9), replies);
        assertEquals(2, diagnostics.count());
        assertEquals("RTM_NEWLINK with seq 9 port 17286: expected seq 9 port 17285 (stale reply)", diagnostics.lastReason());
    }

    @Test
    void acksAndErrors() {
        matcher.expect(3, PORT);
        assertEquals(ReplyMatcher.Step.MORE, feed(ack(2, -17)), "an old request's error is not ours");
        assertEquals(ReplyMatcher.Step.DONE, feed(ack(3, 0)));
        matcher.expect(4, PORT);
        assertEquals(ReplyMatcher.Step.FAILED, feed(ack(4, -17)));
        assertEquals(new NetlinkAck(17, Optional.empty()), matcher.failure());
        matcher.expect(5, PORT);
        assertEquals(ReplyMatcher.Step.FAILED, feed(done(5, -4)));
        assertEquals(4, matcher.failure().errno());
    }

    @Test
    void malformedDatagramAsksForMore() {
        matcher.expect(1, PORT);
        byte[] cut = java.util.Arrays.copyOf(Datagrams.captured("lo-addr-dump"), 100);
        assertEquals(ReplyMatcher.Step.MORE, feed(cut));
        assertEquals(List.of(1), replies);
        assertEquals("reply to seq 1: nlmsg_len 80 at offset 76: expected 16..24 (100-byte datagram)",
                diagnostics.lastReason());
    }
}
