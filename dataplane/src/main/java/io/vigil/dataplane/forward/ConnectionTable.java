package io.vigil.dataplane.forward;

import io.vigil.dataplane.api.ConnectionEntry;
import io.vigil.dataplane.api.ForwardingMethod;
import io.vigil.dataplane.api.ServiceKey;
import io.vigil.dataplane.api.Timeouts;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;

/**
 * IPVS's connection table (net/netfilter/ipvs/ip_vs_conn.c), bounded and allocation-free: connections keyed on
 * (protocol, client address:port, virtual address:port), each findable too by its reverse key (protocol, real
 * server address:port, client address:port) for NAT replies; persistence templates keyed on (service, masked
 * client address). Slots are ints; -1 means none. A slot stays the same for the life of its entry.
 *
 * <p>Entries live in parallel primitive arrays allocated once; three {@link SlotIndex}es (inbound, outbound,
 * templates) find them; {@link ExpiryTimers} (Agrona's timer wheel) expires them. When every slot is taken,
 * {@link #open} and {@link #openTemplate} return -1 and nothing held is touched.
 *
 * <p>TCP follows IPVS's state table ({@link TcpConnectionState}) with its per-state timeouts; connections to DR and
 * TUN destinations use the INPUT_ONLY table ({@code IP_VS_CONN_F_NOOUTPUT}) until a reply is seen. Every other
 * protocol has IPVS's one UDP state. A packet only moves the entry's deadline; the wheel's timer is moved when
 * the deadline comes earlier, and re-armed when it fires before the deadline.
 *
 * <p>The table keeps each {@link Destination}'s ActiveConn/InActConn and template counts current (through the
 * {@link DestinationRegistry}; a destination that is gone is skipped): it calls {@code connectionOpened},
 * {@code connectionStateChanged}, {@code connectionClosed} and {@code templateChanged}. Active means ESTABLISHED.
 *
 * <p>Templates ({@code ip_vs_sched_persist}): a template expires its timeout after it was last used, but not while
 * a connection it controls ({@link #addControl}, IPVS's {@code n_control}) is alive; then it goes its timeout after
 * the last of them ends. (IPVS re-checks such a template every 60 s instead; this keeps the full timeout.)
 *
 * <p>Threading: owned by one worker thread; every method must be called from it. Time is always passed in.
 */
public final class ConnectionTable {

    /** The state code of every non-TCP entry: IPVS's one UDP state ({@code IP_VS_UDP_S_NORMAL}). */
    public static final int STATE_UDP = StateTimeouts.UDP;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int TCP = 6;
    private static final int IN_USE = 1;
    private static final int TEMPLATE = 2;
    /** {@code IP_VS_CONN_F_INACTIVE}: counted in InActConn. */
    private static final int INACTIVE = 4;
    /** {@code IP_VS_CONN_F_NOOUTPUT}: no reply seen yet from a DR or TUN destination. */
    private static final int NO_OUTPUT = 8;
    /** In its index (a removed template with live connections is not). */
    private static final int INDEXED = 16;
    /** {@code IP_VS_CONN_F_SYNC}: made or last updated by a sync message. */
    private static final int SYNCED = 32;
    private static final ForwardingMethod[] METHODS = ForwardingMethod.values();

    private final int capacity;
    private final DestinationRegistry destinations;
    private final FlowHash hash = new FlowHash(ThreadLocalRandom.current().nextLong());
    private final long[] clientHigh;
    private final long[] clientLow;
    private final long[] virtualHigh;
    private final long[] virtualLow;
    private final long[] destinationHigh;
    private final long[] destinationLow;
    private final int[] clientPort;
    private final int[] virtualPort;
    private final int[] destinationPort;
    private final byte[] protocol;
    private final byte[] state;
    private final byte[] flags;
    private final byte[] method;
    private final int[] destinationId;
    private final int[] serviceId;
    /** The template controlling a connection, or -1. */
    private final int[] controller;
    /** Connections a template controls ({@code n_control}). */
    private final int[] controlled;
    private final int[] templateTimeoutSeconds;
    private final long[] deadline;
    private final long[] timer;
    private final long[] timerFiresAt;
    private final int[] freeSlots;
    private int freeCount;
    private final SlotIndex inbound;
    private final SlotIndex outbound;
    private final SlotIndex templates;
    private final ExpiryTimers timers;
    private final StateTimeouts timeouts;
    private int expiredInPoll;
    private long lastNowNanos;
    private ConnectionObserver observer = ConnectionObserver.NONE;

    /**
     * @param capacity     the most entries (connections and templates) it will ever hold; memory is allocated once
     * @param timeouts     the TCP, TCP FIN and UDP timeouts
     * @param destinations resolves the destination ids stored in entries
     */
    public ConnectionTable(int capacity, Timeouts timeouts, DestinationRegistry destinations) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("connection table capacity " + capacity + " must be positive");
        }
        this.capacity = capacity;
        this.destinations = destinations;
        clientHigh = new long[capacity];
        clientLow = new long[capacity];
        virtualHigh = new long[capacity];
        virtualLow = new long[capacity];
        destinationHigh = new long[capacity];
        destinationLow = new long[capacity];
        clientPort = new int[capacity];
        virtualPort = new int[capacity];
        destinationPort = new int[capacity];
        protocol = new byte[capacity];
        state = new byte[capacity];
        flags = new byte[capacity];
        method = new byte[capacity];
        destinationId = new int[capacity];
        serviceId = new int[capacity];
        controller = new int[capacity];
        controlled = new int[capacity];
        templateTimeoutSeconds = new int[capacity];
        deadline = new long[capacity];
        timer = new long[capacity];
        timerFiresAt = new long[capacity];
        freeSlots = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            freeSlots[i] = capacity - 1 - i;
        }
        freeCount = capacity;
        inbound = new SlotIndex(capacity, this::inboundHash);
        outbound = new SlotIndex(capacity, this::outboundHash);
        templates = new SlotIndex(capacity, this::templateHash);
        timers = new ExpiryTimers(capacity, this::onTimer);
        this.timeouts = new StateTimeouts(timeouts);
    }

    /** IPVS's {@code --set tcp tcpfin udp}: applies to each connection from its next packet on, as in IPVS. */
    public void setTimeouts(Timeouts timeouts) {
        this.timeouts.set(timeouts);
    }

    public int capacity() {
        return capacity;
    }

    /** Who hears of opened entries and inbound packets (the sync sender's policy); {@link ConnectionObserver#NONE} by default. */
    public void observer(ConnectionObserver observer) {
        this.observer = observer;
    }

    /** Entries held, templates included. */
    public int size() {
        return capacity - freeCount;
    }

    /** The connection of a client-to-VIP packet, or -1. */
    public int findInbound(int protocol, long clientHigh, long clientLow, int clientPort, long virtualHigh,
                           long virtualLow, int virtualPort) {
        long hash = this.hash.flow(protocol, clientHigh, clientLow, clientPort, virtualHigh, virtualLow, virtualPort);
        for (int cell = inbound.home(hash); ; cell = inbound.next(cell)) {
            int s = inbound.slotAt(cell);
            if (s < 0 || (this.clientLow[s] == clientLow && this.clientPort[s] == clientPort
                    && this.virtualLow[s] == virtualLow && this.virtualPort[s] == virtualPort
                    && this.clientHigh[s] == clientHigh && this.virtualHigh[s] == virtualHigh
                    && (this.protocol[s] & 0xFF) == protocol)) {
                return s;
            }
        }
    }

    /** The connection of a real-server-to-client packet (NAT reply), or -1. */
    public int findOutbound(int protocol, long realHigh, long realLow, int realPort, long clientHigh, long clientLow,
                            int clientPort) {
        long hash = this.hash.flow(protocol, realHigh, realLow, realPort, clientHigh, clientLow, clientPort);
        for (int cell = outbound.home(hash); ; cell = outbound.next(cell)) {
            int s = outbound.slotAt(cell);
            if (s < 0 || (this.clientLow[s] == clientLow && this.clientPort[s] == clientPort
                    && destinationLow[s] == realLow && destinationPort[s] == realPort
                    && this.clientHigh[s] == clientHigh && destinationHigh[s] == realHigh
                    && (this.protocol[s] & 0xFF) == protocol)) {
                return s;
            }
        }
    }

    /**
     * A new connection, in the state the first packet gives it (for TCP, IPVS's state table from NONE with
     * {@code tcpFlags}; UDP is its one state), or -1 when the table is full. The caller has found no connection
     * for the key.
     */
    public int open(int protocol, long clientHigh, long clientLow, int clientPort, long virtualHigh, long virtualLow,
                    int virtualPort, Destination destination, int serviceId, int tcpFlags, long nowNanos) {
        int s = take(destination, serviceId, clientHigh, clientLow, clientPort, nowNanos);
        if (s < 0) {
            return -1;
        }
        boolean noOutput = destination.method() != ForwardingMethod.NAT;
        int first = protocol != TCP ? STATE_UDP : TcpConnectionState.step(TcpConnectionState.NONE,
                noOutput ? TcpConnectionState.INPUT_ONLY : TcpConnectionState.INPUT, tcpFlags);
        boolean active = first == TcpConnectionState.ESTABLISHED;
        this.protocol[s] = (byte) protocol;
        this.virtualHigh[s] = virtualHigh;
        this.virtualLow[s] = virtualLow;
        this.virtualPort[s] = virtualPort;
        state[s] = (byte) first;
        flags[s] = (byte) (IN_USE | INDEXED | (noOutput ? NO_OUTPUT : 0) | (active ? 0 : INACTIVE));
        inbound.insert(s, inboundHash(s));
        outbound.insert(s, outboundHash(s));
        destination.connectionOpened(active);
        deadline[s] = nowNanos + timeouts.nanos(first);
        arm(s, nowNanos);
        observer.opened(s);
        observer.inboundPacket(s, nowNanos);
        return s;
    }

    /**
     * A connection a sync message announced (IPVS's {@code ip_vs_proc_conn} on a backup): in {@code state} (a
     * {@link TcpConnectionState} constant, or {@link #STATE_UDP}), marked synced, expiring {@code timeoutNanos}
     * from now unless a packet or another message moves it; -1 when the table is full. The caller has found no
     * connection for the key.
     */
    public int openSynced(int protocol, long clientHigh, long clientLow, int clientPort, long virtualHigh,
                          long virtualLow, int virtualPort, Destination destination, int serviceId, int state,
                          boolean noOutput, long timeoutNanos, long nowNanos) {
        int s = take(destination, serviceId, clientHigh, clientLow, clientPort, nowNanos);
        if (s < 0) {
            return -1;
        }
        boolean active = state == TcpConnectionState.ESTABLISHED && protocol == TCP;
        this.protocol[s] = (byte) protocol;
        this.virtualHigh[s] = virtualHigh;
        this.virtualLow[s] = virtualLow;
        this.virtualPort[s] = virtualPort;
        this.state[s] = (byte) state;
        flags[s] = (byte) (IN_USE | INDEXED | SYNCED | (noOutput ? NO_OUTPUT : 0) | (active ? 0 : INACTIVE));
        inbound.insert(s, inboundHash(s));
        outbound.insert(s, outboundHash(s));
        destination.connectionOpened(active);
        deadline[s] = nowNanos + timeoutNanos;
        arm(s, nowNanos);
        observer.opened(s);
        return s;
    }

    /**
     * Entry {@code slot} updated by a sync message: a connection takes {@code state}; either kind is marked synced
     * and expires {@code timeoutNanos} from now.
     */
    public void syncUpdate(int slot, int state, long timeoutNanos, long nowNanos) {
        lastNowNanos = nowNanos;
        if ((flags[slot] & TEMPLATE) == 0 && this.state[slot] != state) {
            changeState(slot, state);
        }
        flags[slot] |= SYNCED;
        deadline[slot] = nowNanos + timeoutNanos;
        refreshTimer(slot, nowNanos);
    }

    /** Whether entry {@code slot} was made or last updated by a sync message (IPVS's {@code IP_VS_CONN_F_SYNC}). */
    public boolean isSynced(int slot) {
        return (flags[slot] & SYNCED) != 0;
    }

    /** Whether connection {@code slot} is not ESTABLISHED ({@code IP_VS_CONN_F_INACTIVE}). */
    public boolean isInactive(int slot) {
        return (flags[slot] & INACTIVE) != 0;
    }

    /** Whether no reply of DR/TUN connection {@code slot} was seen ({@code IP_VS_CONN_F_NOOUTPUT}). */
    public boolean isNoOutput(int slot) {
        return (flags[slot] & NO_OUTPUT) != 0;
    }

    /** IPVS's {@code cp->timeout}: the timeout of the entry's state, or of the template. */
    public long timeoutNanos(int slot) {
        return (flags[slot] & TEMPLATE) != 0 ? templateTimeoutSeconds[slot] * NANOS_PER_SECOND : timeouts.nanos(state[slot]);
    }

    /** The timeout of {@code state} (a {@link TcpConnectionState} constant or {@link #STATE_UDP}) now in force. */
    public long stateTimeoutNanos(int state) {
        return timeouts.nanos(state);
    }

    /** The template controlling connection {@code slot}, or -1. */
    public int controller(int slot) {
        return controller[slot];
    }

    /** A packet of connection {@code slot}: TCP state step for its direction, timeout refreshed. */
    public void update(int slot, boolean inbound, int tcpFlags, long nowNanos) {
        int current = state[slot];
        if (protocol[slot] == TCP) {
            int direction;
            if (!inbound) {
                direction = TcpConnectionState.OUTPUT;
                flags[slot] &= ~NO_OUTPUT;
            } else {
                direction = (flags[slot] & NO_OUTPUT) != 0 ? TcpConnectionState.INPUT_ONLY : TcpConnectionState.INPUT;
            }
            int next = TcpConnectionState.step(current, direction, tcpFlags);
            if (next != current) {
                changeState(slot, next);
                current = next;
            }
        }
        deadline[slot] = nowNanos + timeouts.nanos(current);
        refreshTimer(slot, nowNanos);
        if (inbound) {
            observer.inboundPacket(slot, nowNanos);
        }
    }

    /** The destination id of entry {@code slot}. */
    public int destinationId(int slot) {
        return destinationId[slot];
    }

    /** The service id of entry {@code slot}. */
    public int serviceId(int slot) {
        return serviceId[slot];
    }

    /** The high address word of entry {@code slot}'s destination, as it was when the entry was opened. */
    public long destinationHigh(int slot) {
        return destinationHigh[slot];
    }

    public long destinationLow(int slot) {
        return destinationLow[slot];
    }

    public int destinationPort(int slot) {
        return destinationPort[slot];
    }

    /** The virtual address (high word) a connection's client sent to: the source of its NAT replies. */
    public long virtualHigh(int slot) {
        return virtualHigh[slot];
    }

    public long virtualLow(int slot) {
        return virtualLow[slot];
    }

    public int virtualPort(int slot) {
        return virtualPort[slot];
    }

    /** How entry {@code slot} is forwarded (its destination's method when it was opened). */
    public ForwardingMethod method(int slot) {
        return METHODS[method[slot]];
    }

    /** The IPVS state: a {@link TcpConnectionState} constant for TCP, {@link #STATE_UDP} otherwise. */
    public int state(int slot) {
        return state[slot];
    }

    /** When entry {@code slot} expires unless a packet (or, for a template, a connection) keeps it. */
    public long deadlineNanos(int slot) {
        return deadline[slot];
    }

    /** Whether entry {@code slot} is a persistence template. */
    public boolean isTemplate(int slot) {
        return (flags[slot] & TEMPLATE) != 0;
    }

    /** The persistence template of (service, masked client address), or -1. */
    public int findTemplate(int serviceId, long maskedClientHigh, long maskedClientLow) {
        long hash = this.hash.template(serviceId, maskedClientHigh, maskedClientLow);
        for (int cell = templates.home(hash); ; cell = templates.next(cell)) {
            int s = templates.slotAt(cell);
            if (s < 0 || (clientLow[s] == maskedClientLow && clientHigh[s] == maskedClientHigh
                    && this.serviceId[s] == serviceId)) {
                return s;
            }
        }
    }

    /** A new template that expires {@code timeoutSeconds} after its last connection ends, or -1 when full. */
    public int openTemplate(int serviceId, long maskedClientHigh, long maskedClientLow, Destination destination,
                            int timeoutSeconds, long nowNanos) {
        int s = take(destination, serviceId, maskedClientHigh, maskedClientLow, 0, nowNanos);
        if (s < 0) {
            return -1;
        }
        protocol[s] = 0;
        virtualHigh[s] = 0;
        virtualLow[s] = 0;
        virtualPort[s] = 0;
        state[s] = TcpConnectionState.NONE;
        flags[s] = IN_USE | TEMPLATE | INDEXED;
        templateTimeoutSeconds[s] = timeoutSeconds;
        templates.insert(s, templateHash(s));
        destination.templateChanged(+1);
        deadline[s] = nowNanos + timeoutSeconds * NANOS_PER_SECOND;
        arm(s, nowNanos);
        observer.opened(s);
        return s;
    }

    /** A connection was opened through template {@code slot}: its timer starts again. */
    public void touchTemplate(int slot, long nowNanos) {
        lastNowNanos = nowNanos;
        deadline[slot] = nowNanos + templateTimeoutSeconds[slot] * NANOS_PER_SECOND;
        if (timer[slot] != ExpiryTimers.NO_TIMER || controlled[slot] == 0) {
            refreshTimer(slot, nowNanos); // else it is held by its connections and armed when the last one ends
        }
    }

    /**
     * Connection {@code connectionSlot} was scheduled through template {@code templateSlot}
     * ({@code ip_vs_control_add}): the template is kept while the connection lives, and its timer starts again.
     */
    public void addControl(int connectionSlot, int templateSlot, long nowNanos) {
        controller[connectionSlot] = templateSlot;
        controlled[templateSlot]++;
        touchTemplate(templateSlot, nowNanos);
    }

    /** Connections controlled by template {@code slot}. */
    public int controlledConnections(int slot) {
        return controlled[slot];
    }

    /** Expires what is due at {@code nowNanos}; returns how many entries went. */
    public int expire(long nowNanos) {
        lastNowNanos = nowNanos;
        expiredInPoll = 0;
        timers.poll(nowNanos);
        return expiredInPoll;
    }

    /**
     * Removes entry {@code slot} now (IPVS's {@code expire_nodest_conn}, a reused port, an invalid template). A
     * template still controlling connections leaves the template index at once and goes when they have.
     */
    public void remove(int slot, long nowNanos) {
        lastNowNanos = nowNanos;
        if ((flags[slot] & TEMPLATE) != 0 && controlled[slot] > 0) {
            if ((flags[slot] & INDEXED) != 0) {
                templates.remove(slot, templateHash(slot));
                flags[slot] &= ~INDEXED;
            }
            templateTimeoutSeconds[slot] = 0;
            deadline[slot] = Long.MIN_VALUE;
            return;
        }
        release(slot);
    }

    /** Slots looked at per {@link #evictEmbryonic} call. */
    private static final int EVICTION_SCAN = 64;
    private int evictionCursor;

    /**
     * Makes room in a full table by removing one half-open TCP connection (NONE, SYN_RECV, SYN_SENT, SYNACK: a
     * handshake that has not completed), looking at up to {@value #EVICTION_SCAN} slots from a rotating cursor, as
     * IPVS's {@code drop_entry} defence drops such entries under a SYN flood. Established connections and templates
     * are never touched.
     *
     * @return whether one was removed
     */
    public boolean evictEmbryonic(long nowNanos) {
        for (int i = 0; i < EVICTION_SCAN; i++) {
            int s = evictionCursor;
            evictionCursor = evictionCursor + 1 == capacity ? 0 : evictionCursor + 1;
            if ((flags[s] & (IN_USE | TEMPLATE)) == IN_USE && protocol[s] == TCP) {
                int st = state[s];
                if (st == TcpConnectionState.NONE || st == TcpConnectionState.SYN_RECV
                        || st == TcpConnectionState.SYN_SENT || st == TcpConnectionState.SYNACK) {
                    remove(s, nowNanos);
                    return true;
                }
            }
        }
        return false;
    }

    /** Removes every entry of a service (it was deleted): its connections, then its templates. O(capacity). */
    public void removeService(int serviceId) {
        for (int pass = 0; pass < 2; pass++) {
            int kind = pass == 0 ? 0 : TEMPLATE;
            for (int s = 0; s < capacity; s++) {
                if ((flags[s] & (IN_USE | TEMPLATE)) == (IN_USE | kind) && this.serviceId[s] == serviceId) {
                    release(s);
                }
            }
        }
    }

    /**
     * Every entry, as {@code ipvsadm -Lnc} lists them, with the time left at {@code nowNanos}. Control path: it
     * allocates. A template takes its protocol and virtual address from its service, which {@code services}
     * resolves by id (null when the service is gone: protocol and virtual are null then; a firewall-mark
     * service's template shows its mark as the address, as /proc/net/ip_vs_conn does).
     */
    public List<ConnectionEntry> snapshot(long nowNanos, IntFunction<ServiceKey> services) {
        return ConnectionListing.list(this, nowNanos, services);
    }

    /** Whether slot {@code slot} holds an entry (slots run from 0 to {@code capacity() - 1}). */
    public boolean inUse(int slot) {
        return (flags[slot] & IN_USE) != 0;
    }

    /** The IP protocol number of connection {@code slot} (0 for a template). */
    public int protocol(int slot) {
        return protocol[slot] & 0xFF;
    }

    /** The client's address (high word) of entry {@code slot}; a template's masked client address. */
    public long clientHigh(int slot) {
        return clientHigh[slot];
    }

    public long clientLow(int slot) {
        return clientLow[slot];
    }

    /** The client's port of connection {@code slot}; 0 for a template. */
    public int clientPort(int slot) {
        return clientPort[slot];
    }

    /** A free slot filled with what connections and templates share, or -1. */
    private int take(Destination destination, int serviceId, long clientHigh, long clientLow, int clientPort,
                     long nowNanos) {
        lastNowNanos = nowNanos;
        if (freeCount == 0) {
            return -1;
        }
        int s = freeSlots[--freeCount];
        this.clientHigh[s] = clientHigh;
        this.clientLow[s] = clientLow;
        this.clientPort[s] = clientPort;
        destinationHigh[s] = destination.addressHigh();
        destinationLow[s] = destination.addressLow();
        destinationPort[s] = destination.port();
        destinationId[s] = destination.id();
        method[s] = (byte) destination.method().ordinal();
        this.serviceId[s] = serviceId;
        controller[s] = -1;
        controlled[s] = 0;
        return s;
    }

    private void changeState(int slot, int next) {
        state[slot] = (byte) next;
        boolean active = next == TcpConnectionState.ESTABLISHED;
        if (active == ((flags[slot] & INACTIVE) == 0)) {
            return;
        }
        flags[slot] ^= INACTIVE;
        Destination d = destinations.get(destinationId[slot]);
        if (d != null) {
            d.connectionStateChanged(active);
        }
    }

    private void arm(int slot, long nowNanos) {
        long id = timers.arm(slot, deadline[slot], nowNanos);
        timer[slot] = id;
        timerFiresAt[slot] = timers.firesAt(id);
    }

    /**
     * After the deadline moved: a later deadline leaves the timer alone (it is re-armed when it fires); an earlier
     * one moves it; an entry without a timer gets one.
     */
    private void refreshTimer(int slot, long nowNanos) {
        if (deadline[slot] < timerFiresAt[slot]) {
            disarm(slot);
            arm(slot, nowNanos);
        }
    }

    private void disarm(int slot) {
        if (timer[slot] != ExpiryTimers.NO_TIMER) {
            timers.cancel(timer[slot]);
            timer[slot] = ExpiryTimers.NO_TIMER;
        }
        timerFiresAt[slot] = Long.MAX_VALUE;
    }

    private void onTimer(int slot, long nowNanos) {
        timer[slot] = ExpiryTimers.NO_TIMER;
        timerFiresAt[slot] = Long.MAX_VALUE;
        if (deadline[slot] > nowNanos) {
            arm(slot, nowNanos);
        } else if ((flags[slot] & TEMPLATE) == 0 || controlled[slot] == 0) {
            release(slot);
            expiredInPoll++;
        }
        // else a template held by its connections: armed again when the last one ends
    }

    /** Frees the slot: out of its indexes, its timer cancelled, its destination's counts and its template updated. */
    private void release(int slot) {
        disarm(slot);
        int f = flags[slot];
        Destination d = destinations.get(destinationId[slot]);
        if ((f & TEMPLATE) != 0) {
            if ((f & INDEXED) != 0) {
                templates.remove(slot, templateHash(slot));
            }
            if (d != null) {
                d.templateChanged(-1);
            }
        } else {
            inbound.remove(slot, inboundHash(slot));
            outbound.remove(slot, outboundHash(slot));
            if (d != null) {
                d.connectionClosed((f & INACTIVE) == 0);
            }
            int t = controller[slot];
            if (t >= 0 && --controlled[t] == 0) {
                long kept = lastNowNanos + templateTimeoutSeconds[t] * NANOS_PER_SECOND;
                deadline[t] = Math.max(deadline[t], kept);
                refreshTimer(t, lastNowNanos);
            }
        }
        flags[slot] = 0;
        freeSlots[freeCount++] = slot;
    }

    private long inboundHash(int s) {
        return hash.flow(protocol[s] & 0xFF, clientHigh[s], clientLow[s], clientPort[s], virtualHigh[s],
                virtualLow[s], virtualPort[s]);
    }

    private long outboundHash(int s) {
        return hash.flow(protocol[s] & 0xFF, destinationHigh[s], destinationLow[s], destinationPort[s],
                clientHigh[s], clientLow[s], clientPort[s]);
    }

    private long templateHash(int s) {
        return hash.template(serviceId[s], clientHigh[s], clientLow[s]);
    }
}
