package io.vigil.dataplane.forward;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Addresses on the packet path are two longs, high and low 64 bits of the IPv6 address; an IPv4 address is held
 * IPv4-mapped (RFC 4291 §2.5.5.2: {@code ::ffff:a.b.c.d}), so one key layout serves both families.
 */
public final class AddressWords {

    /** The high word of every IPv4-mapped address. */
    public static final long V4_HIGH = 0L;
    /** The bits above the IPv4 address in the low word of an IPv4-mapped address. */
    public static final long V4_MAPPED_PREFIX = 0x0000_FFFF_0000_0000L;

    private AddressWords() {
    }

    /** The low word of an IPv4 address given as an int in network order. */
    public static long v4Low(int address) {
        return V4_MAPPED_PREFIX | (address & 0xFFFF_FFFFL);
    }

    /** Whether (high, low) is IPv4-mapped. */
    public static boolean isV4(long high, long low) {
        return high == 0 && (low & 0xFFFF_FFFF_0000_0000L) == V4_MAPPED_PREFIX;
    }

    /** The high word of {@code address}. */
    public static long high(InetAddress address) {
        return address instanceof Inet6Address ? word(address.getAddress(), 0) : V4_HIGH;
    }

    /** The low word of {@code address}. */
    public static long low(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return v4Low(((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF));
        }
        return word(b, 8);
    }

    /** The address (high, low) stands for; allocates, for the control path only. */
    public static InetAddress toAddress(long high, long low) {
        try {
            if (isV4(high, low)) {
                int v4 = (int) low;
                return InetAddress.getByAddress(new byte[] {(byte) (v4 >>> 24), (byte) (v4 >>> 16), (byte) (v4 >>> 8), (byte) v4});
            }
            byte[] b = new byte[16];
            for (int i = 0; i < 8; i++) {
                b[i] = (byte) (high >>> (56 - 8 * i));
                b[8 + i] = (byte) (low >>> (56 - 8 * i));
            }
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4- or 16-byte address", e);
        }
    }

    private static long word(byte[] b, int from) {
        long w = 0;
        for (int i = 0; i < 8; i++) {
            w = (w << 8) | (b[from + i] & 0xFF);
        }
        return w;
    }
}
