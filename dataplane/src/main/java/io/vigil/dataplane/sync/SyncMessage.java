package io.vigil.dataplane.sync;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Flyweight over a sync message header ({@code struct ip_vs_sync_mesg}, ip_vs_sync.c), network byte order:
 *
 * <pre>
 *  Version 1:
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      0        |    SyncID     |            Size               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Count Conns  |    Version    |    Reserved, set to Zero      |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    IPVS Sync Connection (1) ...               |
 *
 *  Version 0:
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Count Conns  |    SyncID     |            Size               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Octet 0 of a v1 message is zero so that v0 receivers count no connection in it. Size covers the whole message,
 * header included. Accessors check no bounds beyond the segment's: check the length first. Single-threaded,
 * allocation-free.
 */
public final class SyncMessage {

    /** Offset of the v1 Reserved octet, which is v0's Count Conns. */
    public static final int RESERVED_OFFSET = 0;
    public static final int SYNC_ID_OFFSET = 1;
    public static final int SIZE_OFFSET = 2;
    /** v1 only: Count Conns, Version, Spare. */
    public static final int COUNT_OFFSET = 4;
    public static final int VERSION_OFFSET = 5;
    public static final int SPARE_OFFSET = 6;

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private MemorySegment segment = MemorySegment.NULL;
    private long offset;

    /** Points this flyweight at a message starting at {@code offset}. */
    public SyncMessage wrap(MemorySegment memory, long offset) {
        this.segment = memory;
        this.offset = offset;
        return this;
    }

    /** Octet 0: zero in v1; the connection count in v0. */
    public int reserved() {
        return u8(RESERVED_OFFSET);
    }

    public int syncId() {
        return u8(SYNC_ID_OFFSET);
    }

    /** The message's length in octets, header included. */
    public int size() {
        return Short.toUnsignedInt(segment.get(U16, offset + SIZE_OFFSET));
    }

    /** v1 Count Conns. */
    public int connectionCount() {
        return u8(COUNT_OFFSET);
    }

    /** v1 Version ({@link SyncProtocol#VERSION}). */
    public int version() {
        return u8(VERSION_OFFSET);
    }

    public int spare() {
        return Short.toUnsignedInt(segment.get(U16, offset + SPARE_OFFSET));
    }

    /** v0 Count Conns (octet 0). */
    public int v0ConnectionCount() {
        return u8(RESERVED_OFFSET);
    }

    /** Writes a v1 header with no connection yet: Size = header length. */
    public SyncMessage initialise(int syncId) {
        segment.set(ValueLayout.JAVA_BYTE, offset + RESERVED_OFFSET, (byte) 0);
        segment.set(ValueLayout.JAVA_BYTE, offset + SYNC_ID_OFFSET, (byte) syncId);
        size(SyncProtocol.HEADER_LENGTH);
        connectionCount(0);
        segment.set(ValueLayout.JAVA_BYTE, offset + VERSION_OFFSET, (byte) SyncProtocol.VERSION);
        segment.set(U16, offset + SPARE_OFFSET, (short) 0);
        return this;
    }

    public SyncMessage size(int size) {
        segment.set(U16, offset + SIZE_OFFSET, (short) size);
        return this;
    }

    public SyncMessage connectionCount(int count) {
        segment.set(ValueLayout.JAVA_BYTE, offset + COUNT_OFFSET, (byte) count);
        return this;
    }

    private int u8(int at) {
        return Byte.toUnsignedInt(segment.get(ValueLayout.JAVA_BYTE, offset + at));
    }
}
