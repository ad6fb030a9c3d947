package io.vigil.dataplane.port;

import io.vigil.dataplane.packet.EthernetFrame;
import io.vigil.dataplane.packet.Ipv4Header;
import io.vigil.dataplane.packet.Ipv6Header;
import io.vigil.dataplane.packet.TcpHeader;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Which worker owns a frame, by the rule a {@link FlowPartition} describes, computed in Java for a backend whose
 * kernel side cannot choose the worker (AF_XDP: a socket receives only its own queue's frames, and the NIC's RSS
 * picks the queue). A frame to a service endpoint is owned by the worker of its source, a frame from a NAT reply
 * endpoint by the worker of its destination; the client end is hashed as {@link FanoutProgram} hashes it, so both
 * backends place a flow on the same worker: <pre>
 *   h = ((address &amp; mask) * 0x9E3779B1) ^ port        IPv6: the four words folded in the same way
 *   h = h * 0x85EBCA77;  owner = unsigned(h ^ (h &gt;&gt;&gt; 16)) mod workers
 * </pre>
 * Endpoints are looked up as Vigil's XDP program looks up its steering keys: a service by destination with its port,
 * then with port 0 (a persistent service's every port), then a NAT reply by source, with its port and with port 0.
 * A non-first IPv4 fragment has no ports: it is looked up with port 0, and its client port counts as 0. A frame that
 * matches no endpoint, or that is too short or malformed, has no owner ({@link #UNOWNED}): the worker that received
 * it keeps it (it is one the forwarder holds no state for, such as a frame of a service removed a moment ago, so
 * any worker answers it alike and a handoff would only cost a copy).
 *
 * <p>The endpoints sit in an open-addressed table of primitive arrays; {@link #owner} reads the frame in place and
 * allocates nothing. Immutable: built on the control thread, read by every worker.
 */
public final class FlowOwners {

    /** {@link #owner}'s answer for a frame of no endpoint. */
    public static final int UNOWNED = -1;

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final int GOLDEN = 0x9E37_79B1;
    private static final int MIX = 0x85EB_CA77;
    /** The low word of an IPv4-mapped address above its 32 bits (RFC 4291 §2.5.5.2). */
    private static final long V4_MAPPED = 0x0000_FFFF_0000_0000L;
    private static final int SERVICE = 0;
    private static final int REPLY = 1;
    /** A slot's rule: this bit marks it used, the low byte is the client prefix, {@link #CLIENT_PORT} the port bit. */
    private static final int USED = 1 << 16;
    private static final int CLIENT_PORT = 1 << 8;
    private static final int PREFIX = 0xff;
    /** Every frame unowned: what the workers use before the first partition. */
    public static final FlowOwners NONE = of(FlowPartition.EMPTY, 1);

    private final int workers;
    private final int mask;
    private final long[] high;
    private final long[] low;
    /** (kind &lt;&lt; 24) | (protocol &lt;&lt; 16) | port. */
    private final int[] tag;
    private final int[] rule;

    private FlowOwners(int workers, int slots) {
        this.workers = workers;
        this.mask = slots - 1;
        this.high = new long[slots];
        this.low = new long[slots];
        this.tag = new int[slots];
        this.rule = new int[slots];
    }

    /**
     * The owners of {@code partition}'s flows among {@code workers} workers.
     *
     * @throws IllegalArgumentException when {@code workers} is below 1
     */
    public static FlowOwners of(FlowPartition partition, int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers " + workers + ", expected at least 1");
        }
        int entries = partition.services().size() + partition.replies().size();
        FlowOwners owners = new FlowOwners(workers, Math.max(16, Integer.highestOneBit(Math.max(1, entries) * 2) << 1));
        owners.addAll(partition.services(), SERVICE);
        owners.addAll(partition.replies(), REPLY);
        return owners;
    }

    /** How many workers the frames are shared among. */
    public int workers() {
        return workers;
    }

    /**
     * The worker that owns the frame at {@code offset} in {@code memory} ({@code length} bytes, from its Ethernet
     * header), or {@link #UNOWNED}. Never throws on a bad frame; allocates nothing.
     */
    public int owner(MemorySegment memory, long offset, int length) {
        if (length < EthernetFrame.HEADER_LENGTH || offset < 0 || offset + length > memory.byteSize()) {
            return UNOWNED;
        }
        long ip = offset + EthernetFrame.HEADER_LENGTH;
        long end = offset + length;
        int type = Short.toUnsignedInt(memory.get(U16, offset + EthernetFrame.ETHER_TYPE));
        if (type == EthernetFrame.TYPE_IPV4) {
            return ipv4(memory, ip, end);
        }
        if (type == EthernetFrame.TYPE_IPV6) {
            return ipv6(memory, ip, end);
        }
        return UNOWNED;
    }

    private int ipv4(MemorySegment memory, long ip, long end) {
        if (ip + Ipv4Header.MIN_LENGTH > end) {
            return UNOWNED;
        }
        int versionIhl = Byte.toUnsignedInt(memory.get(ValueLayout.JAVA_BYTE, ip));
        int headerLength = (versionIhl & 0x0f) * 4;
        if (versionIhl >>> 4 != Ipv4Header.VERSION || headerLength < Ipv4Header.MIN_LENGTH) {
            return UNOWNED;
        }
        int protocol = Byte.toUnsignedInt(memory.get(ValueLayout.JAVA_BYTE, ip + Ipv4Header.PROTOCOL_OFFSET));
        int source = memory.get(U32, ip + Ipv4Header.SOURCE_OFFSET);
        int destination = memory.get(U32, ip + Ipv4Header.DESTINATION_OFFSET);
        boolean later = (memory.get(U16, ip + Ipv4Header.FLAGS_FRAGMENT_OFFSET) & Ipv4Header.FRAGMENT_OFFSET_MASK) != 0;
        long l4 = ip + headerLength;
        int sourcePort = 0;
        int destinationPort = 0;
        if (!later) {
            if (l4 + 4 > end) {
                return UNOWNED;
            }
            sourcePort = Short.toUnsignedInt(memory.get(U16, l4 + TcpHeader.SOURCE_PORT_OFFSET));
            destinationPort = Short.toUnsignedInt(memory.get(U16, l4 + TcpHeader.DESTINATION_PORT_OFFSET));
        }
        int slot = find(SERVICE, protocol, 0, V4_MAPPED | Integer.toUnsignedLong(destination), destinationPort);
        int client = source;
        int clientPort = sourcePort;
        if (slot < 0) {
            slot = find(REPLY, protocol, 0, V4_MAPPED | Integer.toUnsignedLong(source), sourcePort);
            client = destination;
            clientPort = destinationPort;
        }
        if (slot < 0) {
            return UNOWNED;
        }
        int r = rule[slot];
        return ownerOf(mix((client & wordMask(r, 0)) * GOLDEN, r, clientPort));
    }

    private int ipv6(MemorySegment memory, long ip, long end) {
        long l4 = ip + Ipv6Header.LENGTH;
        if (l4 + 4 > end || Byte.toUnsignedInt(memory.get(ValueLayout.JAVA_BYTE, ip)) >>> 4 != Ipv6Header.VERSION) {
            return UNOWNED;
        }
        int protocol = Byte.toUnsignedInt(memory.get(ValueLayout.JAVA_BYTE, ip + Ipv6Header.NEXT_HEADER_OFFSET));
        int sourcePort = Short.toUnsignedInt(memory.get(U16, l4 + TcpHeader.SOURCE_PORT_OFFSET));
        int destinationPort = Short.toUnsignedInt(memory.get(U16, l4 + TcpHeader.DESTINATION_PORT_OFFSET));
        long destination = ip + Ipv6Header.DESTINATION_OFFSET;
        long source = ip + Ipv6Header.SOURCE_OFFSET;
        int slot = find(SERVICE, protocol, memory.get(U64, destination), memory.get(U64, destination + 8),
                destinationPort);
        long client = source;
        int clientPort = sourcePort;
        if (slot < 0) {
            slot = find(REPLY, protocol, memory.get(U64, source), memory.get(U64, source + 8), sourcePort);
            client = destination;
            clientPort = destinationPort;
        }
        if (slot < 0) {
            return UNOWNED;
        }
        int r = rule[slot];
        int h = 0;
        for (int word = 0; word < 4; word++) {
            h = ((memory.get(U32, client + 4L * word) & wordMask(r, word)) ^ h) * GOLDEN;
        }
        return ownerOf(mix(h, r, clientPort));
    }

    /** FanoutProgram's last steps: the client port (if it counts) mixed in, the high bits brought down. */
    private static int mix(int h, int rule, int clientPort) {
        int a = (h ^ ((rule & CLIENT_PORT) != 0 ? clientPort : 0)) * MIX;
        return a ^ (a >>> 16);
    }

    private int ownerOf(int hash) {
        return Integer.remainderUnsigned(hash, workers);
    }

    /** The mask of word {@code word} (0 to 3) of the client address under the rule's prefix. */
    private static int wordMask(int rule, int word) {
        int bits = Math.clamp((rule & PREFIX) - 32L * word, 0, 32);
        return bits == 0 ? 0 : -1 << (32 - bits);
    }

    /** The slot of the endpoint with this port, else with port 0; -1 when neither is there. */
    private int find(int kind, int protocol, long addressHigh, long addressLow, int port) {
        int slot = slot(kind, protocol, addressHigh, addressLow, port);
        if (slot < 0 && port != 0) {
            slot = slot(kind, protocol, addressHigh, addressLow, 0);
        }
        return slot;
    }

    private int slot(int kind, int protocol, long addressHigh, long addressLow, int port) {
        int t = (kind << 24) | (protocol << 16) | port;
        for (int i = hash(addressHigh, addressLow, t) & mask; ; i = (i + 1) & mask) {
            if (rule[i] == 0) {
                return -1;
            }
            if (tag[i] == t && low[i] == addressLow && high[i] == addressHigh) {
                return i;
            }
        }
    }

    private void addAll(List<FlowPartition.Endpoint> endpoints, int kind) {
        for (FlowPartition.Endpoint e : endpoints) {
            ByteBuffer a = ByteBuffer.wrap(e.address().getAddress());
            long h = e.ipv6() ? a.getLong() : 0;
            long l = e.ipv6() ? a.getLong() : V4_MAPPED | Integer.toUnsignedLong(a.getInt());
            int t = (kind << 24) | (e.protocol() << 16) | e.port();
            int r = USED | e.clientPrefix() | (e.clientPort() ? CLIENT_PORT : 0);
            int i = hash(h, l, t) & mask;
            while (rule[i] != 0 && !(tag[i] == t && low[i] == l && high[i] == h)) {
                i = (i + 1) & mask;
            }
            if (rule[i] == 0) { // the first of equal endpoints wins, as in the fanout program
                high[i] = h;
                low[i] = l;
                tag[i] = t;
                rule[i] = r;
            }
        }
    }

    private static int hash(long addressHigh, long addressLow, int tag) {
        long z = (addressHigh * 0x9E37_79B9_7F4A_7C15L) ^ addressLow ^ ((long) tag << 7);
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return (int) (z ^ (z >>> 31));
    }
}
