package io.vigil.dataplane.packet;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HexFormat;

/**
 * A 48-bit Ethernet (IEEE 802) address, held in the low 48 bits of a long so it can be compared, stored in
 * primitive tables and written without allocation.
 */
public record MacAddress(long bits) {

    /** ff:ff:ff:ff:ff:ff. */
    public static final MacAddress BROADCAST = new MacAddress(0xffff_ffff_ffffL);
    /** 00:00:00:00:00:00. */
    public static final MacAddress ZERO = new MacAddress(0);

    public MacAddress {
        if ((bits & ~0xffff_ffff_ffffL) != 0) {
            throw new IllegalArgumentException("MAC address 0x" + Long.toHexString(bits) + " has more than 48 bits");
        }
    }

    /** From 6 bytes in wire order. */
    public static MacAddress of(byte[] bytes) {
        if (bytes.length != 6) {
            throw new IllegalArgumentException("MAC address of " + bytes.length + " bytes, expected 6");
        }
        return read(MemorySegment.ofArray(bytes), 0);
    }

    /** Reads 6 bytes at {@code offset}. */
    public static MacAddress read(MemorySegment segment, long offset) {
        long bits = 0;
        for (int i = 0; i < 6; i++) {
            bits = bits << 8 | (segment.get(ValueLayout.JAVA_BYTE, offset + i) & 0xff);
        }
        return new MacAddress(bits);
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff} (case-insensitive). */
    public static MacAddress parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 6) {
            throw new IllegalArgumentException("MAC address '" + text + "', expected six hex pairs like 02:00:00:00:00:01");
        }
        long bits = 0;
        for (String part : parts) {
            if (part.length() != 2 || !HexFormat.isHexDigit(part.charAt(0)) || !HexFormat.isHexDigit(part.charAt(1))) {
                throw new IllegalArgumentException("MAC address '" + text + "' has '" + part + "', expected two hex digits");
            }
            bits = bits << 8 | HexFormat.fromHexDigits(part);
        }
        return new MacAddress(bits);
    }

    /** Writes the 6 bytes in wire order at {@code offset}. */
    public void write(MemorySegment segment, long offset) {
        for (int i = 0; i < 6; i++) {
            segment.set(ValueLayout.JAVA_BYTE, offset + i, (byte) (bits >>> (40 - 8 * i)));
        }
    }

    /** The 6 bytes in wire order. */
    public byte[] toBytes() {
        byte[] bytes = new byte[6];
        write(MemorySegment.ofArray(bytes), 0);
        return bytes;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(17);
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                s.append(':');
            }
            s.append(HexFormat.of().toHexDigits((byte) (bits >>> (40 - 8 * i))));
        }
        return s.toString();
    }
}
