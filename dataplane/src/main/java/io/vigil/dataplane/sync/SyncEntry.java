package io.vigil.dataplane.sync;

import io.vigil.dataplane.forward.AddressWords;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Flyweight over one connection entry of a sync message, network byte order. Version 1
 * ({@code struct ip_vs_sync_v4} / {@code ip_vs_sync_v6}, ip_vs_sync.c):
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |    Type       |    Protocol   | Ver.  |        Size           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                             Flags                             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |            State              |         cport                 |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |            vport              |         dport                 |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                             fwmark                            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                             timeout  (in sec.)                |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          caddr, vaddr, daddr (4 octets each, or 16 for IPv6)  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  | Param. Type   | Param. Length |   Param. data ...  (options)  |
 * </pre>
 *
 * Size counts the entry and its options, not the padding to 32 bits that follows. Version 0
 * ({@code struct ip_vs_sync_conn_v0}): reserved, protocol, cport, vport, dport, caddr, vaddr, daddr, flags (16
 * bits), state, then the 24-octet sequence options when a sequence flag is set. Accessors check no bounds beyond
 * the segment's. Single-threaded, allocation-free.
 */
public final class SyncEntry {

    public static final int TYPE_OFFSET = 0;
    public static final int PROTOCOL_OFFSET = 1;
    public static final int VER_SIZE_OFFSET = 2;
    public static final int FLAGS_OFFSET = 4;
    public static final int STATE_OFFSET = 8;
    public static final int CPORT_OFFSET = 10;
    public static final int VPORT_OFFSET = 12;
    public static final int DPORT_OFFSET = 14;
    public static final int FWMARK_OFFSET = 16;
    public static final int TIMEOUT_OFFSET = 20;
    public static final int ADDRESSES_OFFSET = 24;

    /** Version 0 offsets. */
    public static final int V0_PROTOCOL_OFFSET = 1;
    public static final int V0_CPORT_OFFSET = 2;
    public static final int V0_VPORT_OFFSET = 4;
    public static final int V0_DPORT_OFFSET = 6;
    public static final int V0_CADDR_OFFSET = 8;
    public static final int V0_VADDR_OFFSET = 12;
    public static final int V0_DADDR_OFFSET = 16;
    public static final int V0_FLAGS_OFFSET = 20;
    public static final int V0_STATE_OFFSET = 22;

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private MemorySegment segment = MemorySegment.NULL;
    private long offset;

    /** Points this flyweight at an entry starting at {@code offset}. */
    public SyncEntry wrap(MemorySegment memory, long offset) {
        this.segment = memory;
        this.offset = offset;
        return this;
    }

    public int type() {
        return u8(TYPE_OFFSET);
    }

    public int protocol() {
        return u8(PROTOCOL_OFFSET);
    }

    /** The entry's format version (the high 4 bits of ver_size); 0 is the only one defined. */
    public int entryVersion() {
        return u16(VER_SIZE_OFFSET) >>> SyncProtocol.ENTRY_VERSION_SHIFT;
    }

    /** The entry's size with its options, without padding (the low 12 bits of ver_size). */
    public int entrySize() {
        return u16(VER_SIZE_OFFSET) & SyncProtocol.ENTRY_SIZE_MASK;
    }

    public int flags() {
        return segment.get(U32, offset + FLAGS_OFFSET);
    }

    public int state() {
        return u16(STATE_OFFSET);
    }

    public int clientPort() {
        return u16(CPORT_OFFSET);
    }

    public int virtualPort() {
        return u16(VPORT_OFFSET);
    }

    public int destinationPort() {
        return u16(DPORT_OFFSET);
    }

    public int fwmark() {
        return segment.get(U32, offset + FWMARK_OFFSET);
    }

    /** Timeout in seconds (unsigned 32 bits). */
    public long timeoutSeconds() {
        return Integer.toUnsignedLong(segment.get(U32, offset + TIMEOUT_OFFSET));
    }

    /** Address {@code index} (0 client, 1 virtual, 2 destination) as an {@link AddressWords} high word. */
    public long addressHigh(int index, boolean ipv6) {
        return ipv6 ? segment.get(U64, offset + ADDRESSES_OFFSET + 16L * index) : AddressWords.V4_HIGH;
    }

    public long addressLow(int index, boolean ipv6) {
        return ipv6 ? segment.get(U64, offset + ADDRESSES_OFFSET + 16L * index + 8)
                : AddressWords.v4Low(segment.get(U32, offset + ADDRESSES_OFFSET + 4L * index));
    }

    public int v0Protocol() {
        return u8(V0_PROTOCOL_OFFSET);
    }

    public int v0ClientPort() {
        return u16(V0_CPORT_OFFSET);
    }

    public int v0VirtualPort() {
        return u16(V0_VPORT_OFFSET);
    }

    public int v0DestinationPort() {
        return u16(V0_DPORT_OFFSET);
    }

    /** v0 address {@code index} (0 client, 1 virtual, 2 destination), IPv4, as an {@link AddressWords} low word. */
    public long v0AddressLow(int index) {
        return AddressWords.v4Low(segment.get(U32, offset + V0_CADDR_OFFSET + 4L * index));
    }

    public int v0Flags() {
        return u16(V0_FLAGS_OFFSET);
    }

    public int v0State() {
        return u16(V0_STATE_OFFSET);
    }

    /** Writes the fixed part of a v1 entry of {@code size} octets (options included) from {@code r}. */
    public void write(SyncRecord r, int size) {
        segment.set(ValueLayout.JAVA_BYTE, offset + TYPE_OFFSET, (byte) (r.ipv6 ? SyncProtocol.TYPE_INET6 : 0));
        segment.set(ValueLayout.JAVA_BYTE, offset + PROTOCOL_OFFSET, (byte) r.protocol);
        segment.set(U16, offset + VER_SIZE_OFFSET, (short) (size & SyncProtocol.ENTRY_SIZE_MASK));
        segment.set(U32, offset + FLAGS_OFFSET, r.flags & ~SyncProtocol.FLAG_HASHED);
        segment.set(U16, offset + STATE_OFFSET, (short) r.state);
        segment.set(U16, offset + CPORT_OFFSET, (short) r.clientPort);
        segment.set(U16, offset + VPORT_OFFSET, (short) r.virtualPort);
        segment.set(U16, offset + DPORT_OFFSET, (short) r.destinationPort);
        segment.set(U32, offset + FWMARK_OFFSET, r.fwmark);
        segment.set(U32, offset + TIMEOUT_OFFSET, (int) r.timeoutSeconds);
        if (r.ipv6) {
            putV6(0, r.clientHigh, r.clientLow);
            putV6(1, r.virtualHigh, r.virtualLow);
            putV6(2, r.destinationHigh, r.destinationLow);
        } else {
            segment.set(U32, offset + ADDRESSES_OFFSET, (int) r.clientLow);
            segment.set(U32, offset + ADDRESSES_OFFSET + 4, (int) r.virtualLow);
            segment.set(U32, offset + ADDRESSES_OFFSET + 8, (int) r.destinationLow);
        }
    }

    private void putV6(int index, long high, long low) {
        segment.set(U64, offset + ADDRESSES_OFFSET + 16L * index, high);
        segment.set(U64, offset + ADDRESSES_OFFSET + 16L * index + 8, low);
    }

    private int u8(int at) {
        return Byte.toUnsignedInt(segment.get(ValueLayout.JAVA_BYTE, offset + at));
    }

    private int u16(int at) {
        return Short.toUnsignedInt(segment.get(U16, offset + at));
    }
}
