package io.vigil.vrrp.wire;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Conversions between {@link InetAddress} and the big-endian words the flyweights read and write. */
public final class AddressWords {

    private AddressWords() {
    }

    /** The IPv4 address as one big-endian word. */
    public static int ipv4(InetAddress address) {
        byte[] b = address.getAddress();
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    /** The first eight octets of an IPv6 address, big-endian. */
    public static long high(InetAddress address) {
        return word(address.getAddress(), 0);
    }

    /** The last eight octets of an IPv6 address, big-endian. */
    public static long low(InetAddress address) {
        return word(address.getAddress(), 8);
    }

    static InetAddress ipv4(int word) {
        return of(new byte[] {(byte) (word >>> 24), (byte) (word >>> 16), (byte) (word >>> 8), (byte) word});
    }

    static InetAddress ipv6(long high, long low) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (high >>> (56 - 8 * i));
            b[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return of(b);
    }

    private static long word(byte[] b, int from) {
        long w = 0;
        for (int i = 0; i < 8; i++) {
            w = (w << 8) | (b[from + i] & 0xff);
        }
        return w;
    }

    private static InetAddress of(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 octets are always a valid address", e);
        }
    }
}
