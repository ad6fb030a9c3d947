package io.vigil.dataplane.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.api.SyncDropReason;
import io.vigil.dataplane.forward.AddressWords;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Messages built octet by octet from ip_vs_sync.c's structs, decoded as a backup does. */
class SyncDecoderTest {

    private final SyncCounters counters = new SyncCounters();
    private final List<SyncRecord> got = new ArrayList<>();

    /** struct ip_vs_sync_v4: 198.18.2.1:40000 -> 198.18.0.10:80 via 198.18.1.9:8080, TCP ESTABLISHED, DR. */
    static byte[] v4Entry(int protocol, int state, int flags, byte[] options) {
        Bytes b = new Bytes();
        b.u8(0).u8(protocol).u16(36 + options.length) // type IPv4, protocol, version 0 | size
                .u32(flags).u16(state).u16(40000).u16(80).u16(8080)
                .u32(7).u32(900) // fwmark, timeout
                .raw(198, 18, 2, 1).raw(198, 18, 0, 10).raw(198, 18, 1, 9).bytes(options);
        return b.toArray();
    }

    static byte[] v1Message(int syncId, int count, byte[]... entries) {
        Bytes body = new Bytes();
        for (byte[] e : entries) {
            body.bytes(e);
            body.pad();
        }
        byte[] bodyBytes = body.toArray();
        Bytes m = new Bytes();
        m.u8(0).u8(syncId).u16(8 + bodyBytes.length).u8(count).u8(1).u16(0).bytes(bodyBytes);
        return m.toArray();
    }

    private int decode(int syncId, byte[] message) {
        SyncDecoder decoder = new SyncDecoder(syncId, SyncProtocol.MAX_MAX_LENGTH, counters);
        return decoder.decode(MemorySegment.ofArray(message), 0, message.length, r -> got.add(new SyncRecord().copyFrom(r)));
    }

    @Test
    void decodesAnIpv4EntryFieldByField() {
        byte[] message = v1Message(5, 1, v4Entry(6, 1, 0x0003 | 0x0040, new byte[0]));
        assertEquals(1, decode(5, message));
        SyncRecord r = got.getFirst();
        assertFalse(r.ipv6);
        assertEquals(6, r.protocol);
        assertEquals(1, r.state);
        assertEquals(0x0003 | SyncProtocol.FLAG_SYNC, r.flags, "HASHED masked off, SYNC added");
        assertEquals(40000, r.clientPort);
        assertEquals(80, r.virtualPort);
        assertEquals(8080, r.destinationPort);
        assertEquals(7, r.fwmark);
        assertEquals(900, r.timeoutSeconds);
        assertEquals(AddressWords.low(address("198.18.2.1")), r.clientLow);
        assertEquals(AddressWords.low(address("198.18.0.10")), r.virtualLow);
        assertEquals(AddressWords.low(address("198.18.1.9")), r.destinationLow);
        assertFalse(r.hasSequence);
    }

    @Test
    void decodesIpv6WithSequenceAndPersistenceOptionsAndPadding() {
        Bytes seq = new Bytes().u8(1).u8(24);
        for (int k = 1; k <= 6; k++) {
            seq.u32(0x01000000 * k + k);
        }
        seq.u8(2).u8(3).raw(0xAA, 0xBB, 0xCC).u8(3).u8(3).raw('s', 'i', 'p');
        byte[] options = seq.toArray(); // 26 + 5 + 5 = 36
        byte[] v6 = new Bytes().u8(1).u8(17).u16(72 + options.length).u32(0x0400).u16(0).u16(5353).u16(53).u16(53)
                .u32(0).u32(300)
                .bytes(bytesOf("fd00::2:5")).bytes(bytesOf("fd00::10")).bytes(bytesOf("fd00::1:9"))
                .bytes(options).toArray();
        byte[] second = v4Entry(6, 4, 0, new byte[0]);
        byte[] message = v1Message(0, 2, v6, second);
        assertEquals(8 + 108 + 36, message.length, "108 is already 32-bit aligned");
        assertEquals(2, decode(9, fixSyncId(message, 9)));
        SyncRecord r = got.get(0);
        assertTrue(r.ipv6);
        assertEquals(17, r.protocol);
        assertEquals(AddressWords.high(address("fd00::2:5")), r.clientHigh);
        assertEquals(AddressWords.low(address("fd00::2:5")), r.clientLow);
        assertEquals(AddressWords.low(address("fd00::1:9")), r.destinationLow);
        assertTrue(r.hasSequence);
        assertEquals(0x02000002, r.sequence[1]);
        assertEquals(0x06000006, r.sequence[5]);
        assertEquals(3, r.peDataLength);
        assertEquals((byte) 0xCC, r.peData[2]);
        assertEquals("sip", new String(r.peName, 0, r.peNameLength));
        assertEquals(4, got.get(1).state);
    }

    @Test
    void entriesArePaddedTo32Bits() {
        byte[] seqOnly = new Bytes().u8(1).u8(24).bytes(new byte[24]).toArray(); // 36 + 26 = 62: 2 octets of padding
        byte[] message = v1Message(1, 2, v4Entry(6, 1, 0x0600, seqOnly), v4Entry(6, 2, 0, new byte[0]));
        assertEquals(8 + 64 + 36, message.length);
        assertEquals(2, decode(1, message));
        assertEquals(2, got.get(1).state);
    }

    @Test
    void decodesVersion0AsTheKernelDoes() {
        Bytes m = new Bytes().u8(2).u8(3).u16(4 + 24 + 48);
        m.u8(0).u8(6).u16(40000).u16(80).u16(80).raw(198, 18, 2, 1).raw(198, 18, 0, 10).raw(198, 18, 1, 9)
                .u16(0x0003).u16(1);
        m.u8(0).u8(17).u16(5353).u16(53).u16(53).raw(198, 18, 2, 2).raw(198, 18, 0, 10).raw(198, 18, 1, 9)
                .u16(0x0400).u16(0).bytes(new byte[24]);
        assertEquals(2, decode(3, m.toArray()));
        assertEquals(0, got.get(0).timeoutSeconds, "v0 carries no timeout: the backup's per-state one applies");
        assertEquals(0x0003 | SyncProtocol.FLAG_SYNC, got.get(0).flags);
        assertEquals(AddressWords.low(address("198.18.2.2")), got.get(1).clientLow);
        assertTrue(got.get(1).hasSequence);
    }

    @Test
    void badMessagesAreCountedByReasonAndDeliverNothing() {
        byte[] good = v1Message(5, 1, v4Entry(6, 1, 0, new byte[0]));
        assertEquals(-1, decode(5, new byte[] {0, 5, 0}));
        assertEquals(1, counters.drops(SyncDropReason.TRUNCATED));
        assertEquals(-1, decode(5, java.util.Arrays.copyOf(good, good.length - 1)));
        assertEquals(1, counters.drops(SyncDropReason.BAD_SIZE), "Size no longer matches the datagram");
        assertEquals(-1, decode(6, good));
        assertEquals(1, counters.drops(SyncDropReason.WRONG_SYNCID));
        byte[] v2 = good.clone();
        v2[5] = 2;
        assertEquals(-1, decode(5, v2));
        assertEquals(1, counters.drops(SyncDropReason.WRONG_VERSION));
        SyncDecoder small = new SyncDecoder(5, 40, counters);
        assertEquals(-1, small.decode(MemorySegment.ofArray(good), 0, good.length, got::add));
        assertEquals(1, counters.drops(SyncDropReason.OVERSIZED));
        byte[] entryVersion = good.clone();
        entryVersion[8 + 2] = 0x10;
        assertEquals(-1, decode(5, entryVersion));
        assertEquals(2, counters.drops(SyncDropReason.WRONG_VERSION));
        byte[] badType = good.clone();
        badType[8] = 2;
        assertEquals(-1, decode(5, badType));
        assertEquals(1, counters.drops(SyncDropReason.BAD_ENTRY));
        byte[] shortCount = good.clone();
        shortCount[4] = 2; // says two entries, holds one
        assertEquals(1, decode(5, shortCount), "the first entry is delivered, the missing one counted");
        assertEquals(2, counters.drops(SyncDropReason.TRUNCATED));
        assertEquals(1, got.size());
    }

    @Test
    void badOptionsDropTheRestAndUnknownOnesSkipTheEntry() {
        byte[] zeroLength = v4Entry(6, 1, 0, new byte[] {1, 0, 0, 0});
        assertEquals(-1, decode(1, v1Message(1, 1, zeroLength)));
        assertEquals(1, counters.drops(SyncDropReason.BAD_OPTION));
        byte[] wrongSeq = v4Entry(6, 1, 0, new Bytes().u8(1).u8(20).bytes(new byte[20]).toArray());
        assertEquals(-1, decode(1, v1Message(1, 1, wrongSeq)));
        assertEquals(2, counters.drops(SyncDropReason.BAD_OPTION));
        byte[] unknownMandatory = v4Entry(6, 1, 0, new byte[] {9, 2, 0, 0});
        byte[] unknownOptional = v4Entry(6, 2, 0, new byte[] {(byte) (9 | 0x40), 2, 0, 0});
        assertEquals(1, decode(1, v1Message(1, 2, unknownMandatory, unknownOptional)));
        assertEquals(1, counters.drops(SyncDropReason.UNKNOWN_OPTION));
        assertEquals(2, got.getFirst().state, "the entry with an optional unknown parameter is kept");
        byte[] icmp = v4Entry(1, 0, 0, new byte[0]);
        byte[] badState = v4Entry(6, 11, 0, new byte[0]);
        byte[] template = v4Entry(0, 0, SyncProtocol.FLAG_TEMPLATE, new byte[0]);
        assertEquals(1, decode(1, v1Message(1, 3, icmp, badState, template)));
        assertEquals(1, counters.drops(SyncDropReason.UNKNOWN_PROTOCOL));
        assertEquals(1, counters.drops(SyncDropReason.BAD_STATE));
        assertTrue(got.getLast().template(), "a template's protocol and state are not checked");
    }

    @Test
    void randomBytesNeverThrowAndEveryRejectionIsCounted() {
        Random random = new Random(42);
        int rejected = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] junk = new byte[random.nextInt(200)];
            random.nextBytes(junk);
            if (junk.length >= 4 && random.nextBoolean()) {
                junk[2] = (byte) (junk.length >>> 8); // a right Size gets past the header checks
                junk[3] = (byte) junk.length;
            }
            if (decode(0, junk) < 0) {
                rejected++;
            }
        }
        long counted = 0;
        for (SyncDropReason r : SyncDropReason.values()) {
            counted += counters.drops(r);
        }
        assertTrue(rejected > 0);
        assertTrue(counted >= rejected, counted + " counted for " + rejected + " rejected messages");
    }

    @Test
    void writerOutputMatchesTheKernelLayoutOctetForOctet() {
        SyncRecord r = new SyncRecord();
        r.protocol = 6;
        r.state = 1;
        r.flags = 0x0003 | SyncProtocol.FLAG_HASHED;
        r.clientPort = 40000;
        r.virtualPort = 80;
        r.destinationPort = 8080;
        r.fwmark = 7;
        r.timeoutSeconds = 900;
        r.clientLow = AddressWords.low(address("198.18.2.1"));
        r.virtualLow = AddressWords.low(address("198.18.0.10"));
        r.destinationLow = AddressWords.low(address("198.18.1.9"));
        SyncMessageWriter w = new SyncMessageWriter(MemorySegment.ofArray(new byte[1472]), 1472);
        assertTrue(w.start(5).add(r));
        byte[] out = w.buffer().asSlice(0, w.length()).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        assertArrayEquals(v1Message(5, 1, v4Entry(6, 1, 0x0003, new byte[0])), out, "HASHED is not sent");
    }

    @Test
    void writerRoundTripsIpv6WithOptionsAndStopsAtMaxLength() {
        SyncRecord r = new SyncRecord();
        r.ipv6 = true;
        r.protocol = 6;
        r.state = 1;
        r.flags = SyncProtocol.FLAG_TEMPLATE;
        r.clientHigh = AddressWords.high(address("fd00::2:5"));
        r.clientLow = AddressWords.low(address("fd00::2:5"));
        r.virtualHigh = AddressWords.high(address("fd00::10"));
        r.virtualLow = AddressWords.low(address("fd00::10"));
        r.hasSequence = true;
        r.sequence[3] = 77;
        r.peDataLength = 1;
        r.peData[0] = 9;
        r.peNameLength = 3;
        r.peName[0] = 's';
        int size = SyncMessageWriter.entrySize(r);
        assertEquals(72 + 26 + 3 + 5, size);
        int max = 8 + 2 * ((size + 3) & ~3);
        SyncMessageWriter w = new SyncMessageWriter(MemorySegment.ofArray(new byte[max]), max);
        w.start(3);
        assertTrue(w.add(r));
        assertTrue(w.add(r));
        assertFalse(w.add(r), "a third does not fit");
        byte[] out = w.buffer().asSlice(0, w.length()).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        assertEquals(2, decode(3, out));
        assertEquals(77, got.get(1).sequence[3]);
        assertEquals(r.clientLow, got.get(1).clientLow);
        assertEquals(r.virtualHigh, got.get(1).virtualHigh);
        assertEquals(0, counters.drops(SyncDropReason.TRUNCATED));
    }

    private static byte[] fixSyncId(byte[] message, int syncId) {
        message[1] = (byte) syncId;
        return message;
    }

    static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static byte[] bytesOf(String text) {
        return address(text).getAddress();
    }

    /** Big-endian octet builder. */
    static final class Bytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes u8(int v) {
            out.write(v);
            return this;
        }

        Bytes u16(int v) {
            return u8(v >>> 8).u8(v & 0xFF);
        }

        Bytes u32(int v) {
            return u16(v >>> 16).u16(v & 0xFFFF);
        }

        Bytes raw(int... octets) {
            for (int o : octets) {
                u8(o);
            }
            return this;
        }

        Bytes bytes(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        Bytes pad() {
            while (out.size() % 4 != 0) {
                out.write(0);
            }
            return this;
        }

        byte[] toArray() {
            return out.toByteArray();
        }
    }
}
