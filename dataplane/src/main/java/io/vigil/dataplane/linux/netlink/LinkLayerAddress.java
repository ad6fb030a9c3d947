package io.vigil.dataplane.linux.netlink;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A link-layer address as rtnetlink reports it (IFLA_ADDRESS, NDA_LLADDR): 6 bytes for Ethernet and veth, other
 * lengths for other link types. Immutable; compares by content; prints as {@code aa:bb:cc:dd:ee:ff}.
 */
public final class LinkLayerAddress {

    private static final HexFormat COLONS = HexFormat.ofDelimiter(":");

    private final byte[] bytes;

    private LinkLayerAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A copy of {@code bytes}. */
    public static LinkLayerAddress of(byte[] bytes) {
        return new LinkLayerAddress(bytes.clone());
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff} (any length). */
    public static LinkLayerAddress parse(String text) {
        return new LinkLayerAddress(COLONS.parseHex(text));
    }

    /** A copy of the address bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The address as a number, first octet most significant: a MAC in the low 48 bits. Up to 8 bytes. */
    public long asLong() {
        if (bytes.length > 8) {
            throw new IllegalStateException("a " + bytes.length + "-byte link-layer address does not fit a long");
        }
        long value = 0;
        for (byte b : bytes) {
            value = (value << 8) | (b & 0xff);
        }
        return value;
    }

    /** The address length in bytes. */
    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LinkLayerAddress other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return COLONS.formatHex(bytes);
    }
}
