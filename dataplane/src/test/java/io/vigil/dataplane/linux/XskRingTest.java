package io.vigil.dataplane.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** Ring index arithmetic over a ring laid out as the kernel lays it out: producer 0, consumer 64, flags 128, desc 192. */
class XskRingTest {

    private static final long PRODUCER = 0;
    private static final long CONSUMER = 64;
    private static final long FLAGS = 128;
    private static final long DESC = 192;
    private static final long[] OFFSETS = {PRODUCER, CONSUMER, DESC, FLAGS};

    @Test
    void usedAndFreeWrapAtTwoToTheThirtyTwo() {
        assertEquals(2, XskRing.used(0xffff_fffe, 0xffff_fffc));
        assertEquals(5, XskRing.used(1, 0xffff_fffc), "producer wrapped past 2^32, consumer not yet");
        assertEquals(3, XskRing.free(8, 1, 0xffff_fffc));
        assertEquals(8, XskRing.free(8, 7, 7));
    }

    @Test
    void aProducerFillsToTheSizeAcrossTheWrapAndThenWaitsForTheConsumer() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate(DESC + 4 * 8, 64);
            int start = 0xffff_fffe; // two entries before the indexes wrap
            m.set(JAVA_INT, PRODUCER, start);
            m.set(JAVA_INT, CONSUMER, start);
            XskRing fill = new XskRing(m, OFFSETS, 4, 8, true);
            long[] slots = new long[4];
            for (int i = 0; i < 4; i++) {
                slots[i] = fill.claim();
                m.set(JAVA_LONG, slots[i], 1000 + i);
            }
            assertEquals(-1, fill.claim(), "full: four claimed, none consumed");
            assertEquals(DESC + 2 * 8, slots[0], "index 0xfffffffe is slot 2 of 4");
            assertEquals(DESC + 3 * 8, slots[1]);
            assertEquals(DESC, slots[2], "the index wrapped to 0: slot 0");
            assertEquals(4, fill.unpublished());
            fill.publish();
            assertEquals(2, m.get(JAVA_INT, PRODUCER), "published producer = start + 4 modulo 2^32");
            m.set(JAVA_INT, CONSUMER, start + 1); // the kernel took one
            assertEquals(DESC + 2 * 8, fill.claim(), "its slot is free again");
            assertEquals(-1, fill.claim());
        }
    }

    @Test
    void aConsumerReadsWhatWasPublishedAcrossTheWrapAndReleasesIt() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate(DESC + 4 * 16, 64);
            m.set(JAVA_INT, PRODUCER, 0xffff_ffff);
            m.set(JAVA_INT, CONSUMER, 0xffff_ffff);
            XskRing rx = new XskRing(m, OFFSETS, 4, 16, false);
            assertEquals(0, rx.available(64));
            m.set(JAVA_LONG, DESC + 3 * 16, 77); // index 0xffffffff: slot 3
            m.set(JAVA_LONG, DESC, 78);          // index 0 after the wrap: slot 0
            m.set(JAVA_INT, PRODUCER, 1);         // the kernel published two
            assertEquals(2, rx.available(64));
            assertEquals(1, rx.available(1), "at most the batch asked for");
            assertEquals(77, m.get(JAVA_LONG, rx.readyEntry(0)));
            assertEquals(78, m.get(JAVA_LONG, rx.readyEntry(1)));
            rx.release(2);
            assertEquals(1, m.get(JAVA_INT, CONSUMER));
            assertEquals(0, rx.available(64));
        }
    }

    @Test
    void needWakeupIsTheFlagsWordsFirstBit() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate(DESC + 4 * 16, 64);
            XskRing tx = new XskRing(m, OFFSETS, 4, 16, true);
            assertEquals(false, tx.needsWakeup());
            m.set(JAVA_INT, FLAGS, XskRing.NEED_WAKEUP);
            assertEquals(true, tx.needsWakeup());
        }
    }
}
