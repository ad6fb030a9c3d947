package io.vigil.dataplane.forward;

/**
 * IPVS's TCP connection states and their transitions, as net/netfilter/ipvs/ip_vs_proto_tcp.c defines them
 * ({@code tcp_states}, {@code tcp_timeouts}, {@code tcp_state_name_table}; the normal table, not the
 * {@code secure_tcp} one). IPVS does not track TCP like an endpoint: it guesses from the flags of the packets it
 * forwards, per direction, which is what this reproduces.
 *
 * <p>Stateless and pure: {@link #step} maps (state, direction, TCP flags) to the next state. Safe from any thread.
 */
public final class TcpConnectionState {

    /** {@code IP_VS_TCP_S_NONE}: nothing seen yet, or a packet without SYN, FIN, ACK or RST. */
    public static final int NONE = 0;
    /** {@code IP_VS_TCP_S_ESTABLISHED}: the only state IPVS counts as active (ActiveConn). */
    public static final int ESTABLISHED = 1;
    public static final int SYN_SENT = 2;
    public static final int SYN_RECV = 3;
    public static final int FIN_WAIT = 4;
    public static final int TIME_WAIT = 5;
    public static final int CLOSE = 6;
    public static final int CLOSE_WAIT = 7;
    public static final int LAST_ACK = 8;
    public static final int LISTEN = 9;
    public static final int SYNACK = 10;
    /** How many TCP states there are ({@code IP_VS_TCP_S_LAST}). */
    public static final int COUNT = 11;

    /** A client-to-virtual-service packet of a connection whose replies pass the director (NAT). */
    public static final int INPUT = 0;
    /** A real-server-to-client packet (a NAT reply). */
    public static final int OUTPUT = 1;
    /**
     * A client-to-virtual-service packet of a connection whose replies bypass the director (DR, TUN: IPVS's
     * {@code IP_VS_CONN_F_NOOUTPUT}), so that FIN alone must close it.
     */
    public static final int INPUT_ONLY = 2;

    /** TCP header flag bits (RFC 9293 §3.1). */
    public static final int FLAG_FIN = 0x01;
    public static final int FLAG_SYN = 0x02;
    public static final int FLAG_RST = 0x04;
    public static final int FLAG_ACK = 0x10;

    private static final String[] NAMES = {"NONE", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT", "TIME_WAIT",
        "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "SYNACK"};

    /** {@code tcp_timeouts}, seconds per state. */
    private static final int[] DEFAULT_TIMEOUT_SECONDS = {2, 900, 120, 60, 120, 120, 10, 60, 30, 120, 120};

    private static final int NO = NONE;
    private static final int ES = ESTABLISHED;
    private static final int SS = SYN_SENT;
    private static final int SR = SYN_RECV;
    private static final int FW = FIN_WAIT;
    private static final int TW = TIME_WAIT;
    private static final int CL = CLOSE;
    private static final int CW = CLOSE_WAIT;
    private static final int LA = LAST_ACK;
    private static final int LI = LISTEN;

    /**
     * {@code tcp_states}: [direction][event: syn, fin, ack, rst][current state] -> next state. Columns are the
     * current state in the order NO ES SS SR FW TW CL CW LA LI SA. As in the kernels that have the
     * {@code sloppy_tcp} sysctl, an ACK moves NONE to ESTABLISHED in both input tables.
     */
    private static final int[][][] NEXT = {
        { // INPUT
            {SR, ES, ES, SR, SR, SR, SR, SR, SR, SR, SR},
            {CL, CW, SS, TW, TW, TW, CL, CW, LA, LI, TW},
            {ES, ES, SS, ES, FW, TW, CL, CW, CL, LI, ES},
            {CL, CL, CL, SR, CL, CL, CL, CL, LA, LI, SR},
        },
        { // OUTPUT
            {SS, ES, SS, SR, SS, SS, SS, SS, SS, LI, SR},
            {TW, FW, SS, TW, FW, TW, CL, TW, LA, LI, TW},
            {ES, ES, SS, ES, FW, TW, CL, CW, LA, ES, ES},
            {CL, CL, SS, CL, CL, TW, CL, CL, CL, CL, CL},
        },
        { // INPUT_ONLY
            {SR, ES, ES, SR, SR, SR, SR, SR, SR, SR, SR},
            {CL, FW, SS, TW, FW, TW, CL, CW, LA, LI, TW},
            {ES, ES, SS, ES, FW, TW, CL, CW, CL, LI, ES},
            {CL, CL, CL, SR, CL, CL, CL, CL, LA, LI, CL},
        },
    };

    private static final int EVENT_SYN = 0;
    private static final int EVENT_FIN = 1;
    private static final int EVENT_ACK = 2;
    private static final int EVENT_RST = 3;

    private TcpConnectionState() {
    }

    /**
     * The state after a packet ({@code set_tcp_state}): RST wins over SYN, SYN over FIN, FIN over ACK
     * ({@code tcp_state_idx}); a packet with none of them moves the connection to CLOSE, as IPVS does.
     *
     * @param state     the current state, {@link #NONE} to {@link #SYNACK}
     * @param direction {@link #INPUT}, {@link #OUTPUT} or {@link #INPUT_ONLY}
     * @param tcpFlags  the flags byte of the TCP header
     */
    public static int step(int state, int direction, int tcpFlags) {
        int event;
        if ((tcpFlags & FLAG_RST) != 0) {
            event = EVENT_RST;
        } else if ((tcpFlags & FLAG_SYN) != 0) {
            event = EVENT_SYN;
        } else if ((tcpFlags & FLAG_FIN) != 0) {
            event = EVENT_FIN;
        } else if ((tcpFlags & FLAG_ACK) != 0) {
            event = EVENT_ACK;
        } else {
            return CLOSE;
        }
        return NEXT[direction][event][state];
    }

    /** The state's name as {@code ipvsadm -Lnc} prints it. */
    public static String name(int state) {
        return NAMES[state];
    }

    /** IPVS's default timeout of the state, in seconds ({@code tcp_timeouts}). */
    public static int defaultTimeoutSeconds(int state) {
        return DEFAULT_TIMEOUT_SECONDS[state];
    }
}
