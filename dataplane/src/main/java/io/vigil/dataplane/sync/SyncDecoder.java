package io.vigil.dataplane.sync;

import io.vigil.dataplane.api.SyncDropReason;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.function.Consumer;

/**
 * Decodes a received sync message as a backup does ({@code ip_vs_process_message}, {@code ip_vs_proc_sync_conn},
 * {@code ip_vs_process_message_v0}): the header is checked (length, Size, SyncID), a v1 message's entries are
 * read one by one with their options, anything else with a connection count is read as v0. Each good entry is
 * handed to the sink as a {@link SyncRecord} (the same instance every time: copy what you keep). Never throws on
 * bad input: what cannot be read is counted by {@link SyncDropReason}; as in the kernel, a malformed entry drops
 * the rest of its message (the entries before it were delivered), an entry with an unknown protocol, state or
 * mandatory option is skipped alone.
 *
 * <p>Threading: one instance per receiving thread; allocation-free.
 */
public final class SyncDecoder {

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final int OPTION_SEEN_SEQ = 1;
    private static final int OPTION_SEEN_PE_DATA = 2;
    private static final int OPTION_SEEN_PE_NAME = 4;

    private final SyncMessage header = new SyncMessage();
    private final SyncEntry entry = new SyncEntry();
    private final SyncRecord record = new SyncRecord();
    private final SyncCounters counters;
    private final int syncId;
    private final int maxLength;
    /** Why the entry being read was rejected, or null. */
    private SyncDropReason entryProblem;
    private boolean entryFatal;

    /**
     * @param syncId    the SyncID to accept; 0 accepts every message (as IPVS's backup does)
     * @param maxLength the largest message accepted ({@code sync_maxlen})
     * @param counters  where rejections are counted
     */
    public SyncDecoder(int syncId, int maxLength, SyncCounters counters) {
        this.syncId = syncId;
        this.maxLength = maxLength;
        this.counters = counters;
    }

    /**
     * Decodes the {@code length} octets at {@code offset}.
     *
     * @return the entries handed to {@code sink}, or -1 when the message was dropped as a whole before any
     */
    public int decode(MemorySegment memory, long offset, int length, Consumer<SyncRecord> sink) {
        if (length < SyncProtocol.V0_HEADER_LENGTH || offset + length > memory.byteSize()) {
            return drop(SyncDropReason.TRUNCATED);
        }
        if (length > maxLength) {
            return drop(SyncDropReason.OVERSIZED);
        }
        header.wrap(memory, offset);
        if (header.size() != length) {
            return drop(SyncDropReason.BAD_SIZE);
        }
        if (syncId != 0 && header.syncId() != syncId) {
            return drop(SyncDropReason.WRONG_SYNCID);
        }
        if (length >= SyncProtocol.HEADER_LENGTH && header.version() == SyncProtocol.VERSION
                && header.reserved() == 0 && header.spare() == 0) {
            return decodeV1(memory, offset, length, sink);
        }
        if (header.v0ConnectionCount() == 0) {
            return drop(SyncDropReason.WRONG_VERSION);
        }
        return decodeV0(memory, offset, length, sink);
    }

    private int decodeV1(MemorySegment memory, long offset, int length, Consumer<SyncRecord> sink) {
        long end = offset + length;
        long next = offset + SyncProtocol.HEADER_LENGTH;
        int delivered = 0;
        int count = header.connectionCount();
        for (int i = 0; i < count; i++) {
            long p = next;
            if (p + SyncProtocol.V4_ENTRY_LENGTH > end) {
                return stop(SyncDropReason.TRUNCATED, delivered);
            }
            entry.wrap(memory, p);
            int size = entry.entrySize();
            long entryEnd = p + size;
            if (entryEnd > end) {
                return stop(SyncDropReason.TRUNCATED, delivered);
            }
            if (entry.entryVersion() != 0) {
                return stop(SyncDropReason.WRONG_VERSION, delivered);
            }
            readV1(memory, p, entryEnd);
            if (entryProblem != null) {
                counters.count(entryProblem);
                if (entryFatal) {
                    return delivered == 0 ? -1 : delivered;
                }
            } else {
                sink.accept(record);
                delivered++;
            }
            next = p + ((size + 3) & ~3);
        }
        return delivered;
    }

    /** Fills {@link #record} from the v1 entry at {@code p}, or sets {@link #entryProblem}. */
    private void readV1(MemorySegment memory, long p, long entryEnd) {
        entryProblem = null;
        entryFatal = true;
        int type = entry.type();
        boolean v6;
        if ((type & SyncProtocol.TYPE_INET6) != 0) {
            v6 = true;
        } else if (type == 0) {
            v6 = false;
        } else {
            entryProblem = SyncDropReason.BAD_ENTRY;
            return;
        }
        long q = p + (v6 ? SyncProtocol.V6_ENTRY_LENGTH : SyncProtocol.V4_ENTRY_LENGTH);
        if (q > entryEnd) {
            entryProblem = SyncDropReason.TRUNCATED;
            return;
        }
        SyncRecord r = record.clear();
        r.ipv6 = v6;
        int seen = 0;
        boolean unknownMandatory = false;
        while (q < entryEnd) {
            if (q + 2 > entryEnd) {
                entryProblem = SyncDropReason.BAD_OPTION;
                return;
            }
            int optionType = Byte.toUnsignedInt(memory.get(ValueLayout.JAVA_BYTE, q));
            int optionLength = Byte.toUnsignedInt(memory.get(ValueLayout.JAVA_BYTE, q + 1));
            q += 2;
            if (optionLength == 0 || q + optionLength > entryEnd) {
                entryProblem = SyncDropReason.BAD_OPTION;
                return;
            }
            switch (optionType & ~SyncProtocol.OPTION_FLAG_PARAM) {
                case SyncProtocol.OPTION_SEQ_DATA -> {
                    if (optionLength != SyncProtocol.SEQ_OPTIONS_LENGTH || (seen & OPTION_SEEN_SEQ) != 0) {
                        entryProblem = SyncDropReason.BAD_OPTION;
                        return;
                    }
                    seen |= OPTION_SEEN_SEQ;
                    readSequence(memory, q, r);
                }
                case SyncProtocol.OPTION_PE_DATA -> {
                    if ((seen & OPTION_SEEN_PE_DATA) != 0) {
                        entryProblem = SyncDropReason.BAD_OPTION;
                        return;
                    }
                    seen |= OPTION_SEEN_PE_DATA;
                    r.peDataLength = optionLength;
                    MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, q, r.peData, 0, optionLength);
                }
                case SyncProtocol.OPTION_PE_NAME -> {
                    if (optionLength > SyncProtocol.PE_NAME_MAX_LENGTH || (seen & OPTION_SEEN_PE_NAME) != 0) {
                        entryProblem = SyncDropReason.BAD_OPTION;
                        return;
                    }
                    seen |= OPTION_SEEN_PE_NAME;
                    r.peNameLength = optionLength;
                    MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, q, r.peName, 0, optionLength);
                }
                default -> unknownMandatory |= (optionType & SyncProtocol.OPTION_FLAG_PARAM) == 0;
            }
            q += optionLength;
        }
        entryFatal = false;
        if (unknownMandatory) {
            entryProblem = SyncDropReason.UNKNOWN_OPTION;
            return;
        }
        r.protocol = entry.protocol();
        r.flags = (entry.flags() & SyncProtocol.FLAG_BACKUP_MASK) | SyncProtocol.FLAG_SYNC;
        r.state = entry.state();
        if (!checkProtocolAndState(r)) {
            return;
        }
        if (r.peDataLength > 0 && r.peNameLength == 0) {
            entryProblem = SyncDropReason.UNKNOWN_PERSISTENCE_ENGINE;
            return;
        }
        r.clientPort = entry.clientPort();
        r.virtualPort = entry.virtualPort();
        r.destinationPort = entry.destinationPort();
        r.fwmark = entry.fwmark();
        r.timeoutSeconds = entry.timeoutSeconds();
        r.clientHigh = entry.addressHigh(0, v6);
        r.clientLow = entry.addressLow(0, v6);
        r.virtualHigh = entry.addressHigh(1, v6);
        r.virtualLow = entry.addressLow(1, v6);
        r.destinationHigh = entry.addressHigh(2, v6);
        r.destinationLow = entry.addressLow(2, v6);
    }

    private int decodeV0(MemorySegment memory, long offset, int length, Consumer<SyncRecord> sink) {
        long end = offset + length;
        long p = offset + SyncProtocol.V0_HEADER_LENGTH;
        int delivered = 0;
        int count = header.v0ConnectionCount();
        for (int i = 0; i < count; i++) {
            if (p + SyncProtocol.V0_ENTRY_LENGTH > end) {
                return stop(SyncDropReason.TRUNCATED, delivered);
            }
            entry.wrap(memory, p);
            SyncRecord r = record.clear();
            r.flags = (entry.v0Flags() | SyncProtocol.FLAG_SYNC) & ~SyncProtocol.FLAG_HASHED;
            long options = p + SyncProtocol.V0_ENTRY_LENGTH;
            if ((r.flags & SyncProtocol.FLAG_SEQ_MASK) != 0) {
                p += SyncProtocol.V0_ENTRY_LENGTH + SyncProtocol.SEQ_OPTIONS_LENGTH;
                if (p > end) {
                    return stop(SyncDropReason.TRUNCATED, delivered);
                }
                readSequence(memory, options, r);
            } else {
                p += SyncProtocol.V0_ENTRY_LENGTH;
            }
            r.protocol = entry.v0Protocol();
            r.state = entry.v0State();
            entryProblem = null;
            if (!checkProtocolAndState(r)) {
                counters.count(entryProblem);
                continue;
            }
            r.clientPort = entry.v0ClientPort();
            r.virtualPort = entry.v0VirtualPort();
            r.destinationPort = entry.v0DestinationPort();
            r.clientLow = entry.v0AddressLow(0);
            r.virtualLow = entry.v0AddressLow(1);
            r.destinationLow = entry.v0AddressLow(2);
            sink.accept(r);
            delivered++;
        }
        return delivered;
    }

    /** IPVS checks a connection's protocol and state, not a template's. */
    private boolean checkProtocolAndState(SyncRecord r) {
        if (r.template()) {
            return true;
        }
        int states = SyncProtocol.stateCount(r.protocol);
        if (states == 0) {
            entryProblem = SyncDropReason.UNKNOWN_PROTOCOL;
            return false;
        }
        if (r.state >= states) {
            entryProblem = SyncDropReason.BAD_STATE;
            return false;
        }
        return true;
    }

    private static void readSequence(MemorySegment memory, long at, SyncRecord r) {
        r.hasSequence = true;
        for (int k = 0; k < 6; k++) {
            r.sequence[k] = memory.get(U32, at + 4L * k);
        }
    }

    private int drop(SyncDropReason reason) {
        counters.count(reason);
        return -1;
    }

    private int stop(SyncDropReason reason, int delivered) {
        counters.count(reason);
        return delivered == 0 ? -1 : delivered;
    }
}
