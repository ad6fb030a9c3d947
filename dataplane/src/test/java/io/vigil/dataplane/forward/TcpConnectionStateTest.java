package io.vigil.dataplane.forward;

import static io.vigil.dataplane.forward.TcpConnectionState.CLOSE;
import static io.vigil.dataplane.forward.TcpConnectionState.CLOSE_WAIT;
import static io.vigil.dataplane.forward.TcpConnectionState.ESTABLISHED;
import static io.vigil.dataplane.forward.TcpConnectionState.FIN_WAIT;
import static io.vigil.dataplane.forward.TcpConnectionState.FLAG_ACK;
import static io.vigil.dataplane.forward.TcpConnectionState.FLAG_FIN;
import static io.vigil.dataplane.forward.TcpConnectionState.FLAG_RST;
import static io.vigil.dataplane.forward.TcpConnectionState.FLAG_SYN;
import static io.vigil.dataplane.forward.TcpConnectionState.INPUT;
import static io.vigil.dataplane.forward.TcpConnectionState.INPUT_ONLY;
import static io.vigil.dataplane.forward.TcpConnectionState.LAST_ACK;
import static io.vigil.dataplane.forward.TcpConnectionState.LISTEN;
import static io.vigil.dataplane.forward.TcpConnectionState.NONE;
import static io.vigil.dataplane.forward.TcpConnectionState.OUTPUT;
import static io.vigil.dataplane.forward.TcpConnectionState.SYNACK;
import static io.vigil.dataplane.forward.TcpConnectionState.SYN_RECV;
import static io.vigil.dataplane.forward.TcpConnectionState.SYN_SENT;
import static io.vigil.dataplane.forward.TcpConnectionState.TIME_WAIT;
import static io.vigil.dataplane.forward.TcpConnectionState.step;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** IPVS's TCP state table (ip_vs_proto_tcp.c {@code tcp_states}), stepped by hand. */
class TcpConnectionStateTest {

    private static final int SYN_ACK = FLAG_SYN | FLAG_ACK;
    private static final int FIN_ACK = FLAG_FIN | FLAG_ACK;

    /**
     * Steps from {@code start} through packets given as (direction, flags, expected state) triples and checks each
     * state on the way.
     */
    private static void assertPath(int start, int... packets) {
        int s = start;
        for (int i = 0; i < packets.length; i += 3) {
            s = step(s, packets[i], packets[i + 1]);
            assertEquals(TcpConnectionState.name(packets[i + 2]), TcpConnectionState.name(s), "packet " + i / 3);
        }
    }

    @Test
    void threeWayHandshakeThroughNatReachesEstablished() {
        // the SYN row wins over ACK: the SYN-ACK going out keeps SYN_RECV
        assertPath(NONE, INPUT, FLAG_SYN, SYN_RECV, OUTPUT, SYN_ACK, SYN_RECV, INPUT, FLAG_ACK, ESTABLISHED);
    }

    @Test
    void clientClosingFirstGoesThroughCloseWaitToTimeWait() {
        assertPath(ESTABLISHED, INPUT, FIN_ACK, CLOSE_WAIT, OUTPUT, FIN_ACK, TIME_WAIT, INPUT, FLAG_ACK, TIME_WAIT);
    }

    @Test
    void serverClosingFirstGoesThroughFinWaitToTimeWait() {
        assertPath(ESTABLISHED, OUTPUT, FIN_ACK, FIN_WAIT, INPUT, FLAG_ACK, FIN_WAIT, INPUT, FIN_ACK, TIME_WAIT);
    }

    @Test
    void inputOnlyTableClosesOnTheClientsFinAlone() {
        // INPUT_ONLY: a FIN from the client is FIN_WAIT, not INPUT's CLOSE_WAIT; the last ACK keeps it there
        assertPath(NONE, INPUT_ONLY, FLAG_SYN, SYN_RECV, INPUT_ONLY, FLAG_ACK, ESTABLISHED,
                INPUT_ONLY, FIN_ACK, FIN_WAIT, INPUT_ONLY, FLAG_ACK, FIN_WAIT, INPUT_ONLY, FLAG_RST, CLOSE);
    }

    @Test
    void rstWinsOverEveryOtherFlag() {
        assertEquals(CLOSE, step(ESTABLISHED, INPUT, FLAG_RST | FLAG_SYN | FLAG_ACK));
        assertEquals(SYN_RECV, step(SYN_RECV, INPUT, FLAG_RST), "INPUT rst keeps SYN_RECV");
        assertEquals(LAST_ACK, step(LAST_ACK, INPUT, FLAG_RST));
        assertEquals(TIME_WAIT, step(TIME_WAIT, OUTPUT, FLAG_RST));
    }

    @Test
    void synWinsOverFinAndFinOverAck() {
        assertEquals(SYN_RECV, step(NONE, INPUT, FLAG_SYN | FLAG_FIN));
        assertEquals(CLOSE_WAIT, step(ESTABLISHED, INPUT, FLAG_FIN | FLAG_ACK));
    }

    @Test
    void aPacketWithoutSynFinAckOrRstClosesTheConnection() {
        assertEquals(CLOSE, step(ESTABLISHED, INPUT, 0));
        assertEquals(CLOSE, step(SYN_RECV, OUTPUT, 0x08 /* PSH only */));
    }

    @Test
    void ackOnANewConnectionIsEstablishedAsInSloppyTcpKernels() {
        assertEquals(ESTABLISHED, step(NONE, INPUT, FLAG_ACK));
        assertEquals(ESTABLISHED, step(NONE, INPUT_ONLY, FLAG_ACK));
        assertEquals(ESTABLISHED, step(NONE, OUTPUT, FLAG_ACK));
    }

    @Test
    void tablesDifferWhereTheKernelsDo() {
        // The RST of a SYNACK connection: INPUT goes back to SYN_RECV, INPUT_ONLY and OUTPUT close.
        assertEquals(SYN_RECV, step(SYNACK, INPUT, FLAG_RST));
        assertEquals(CLOSE, step(SYNACK, INPUT_ONLY, FLAG_RST));
        assertEquals(CLOSE, step(SYNACK, OUTPUT, FLAG_RST));
        // An outgoing SYN of a closed connection is SYN_SENT; an incoming one SYN_RECV.
        assertEquals(SYN_SENT, step(CLOSE, OUTPUT, FLAG_SYN));
        assertEquals(SYN_RECV, step(CLOSE, INPUT, FLAG_SYN));
        // LISTEN answers only an outgoing ACK.
        assertEquals(ESTABLISHED, step(LISTEN, OUTPUT, FLAG_ACK));
        assertEquals(LISTEN, step(LISTEN, INPUT, FLAG_ACK));
        // A FIN of a SYN_SENT connection changes nothing.
        assertEquals(SYN_SENT, step(SYN_SENT, INPUT, FLAG_FIN));
    }

    @Test
    void namesAndTimeoutsAreIpvsOwn() {
        String[] names = {"NONE", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT", "TIME_WAIT", "CLOSE",
            "CLOSE_WAIT", "LAST_ACK", "LISTEN", "SYNACK"};
        int[] seconds = {2, 900, 120, 60, 120, 120, 10, 60, 30, 120, 120};
        for (int s = 0; s < TcpConnectionState.COUNT; s++) {
            assertEquals(names[s], TcpConnectionState.name(s));
            assertEquals(seconds[s], TcpConnectionState.defaultTimeoutSeconds(s), names[s]);
        }
    }
}
