package io.vigil.dataplane.forward;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * Builds and checks Ethernet frames for the forwarding tests, independently of the dataplane's own flyweights: a
 * second implementation of IPv4, IPv6, TCP and UDP headers and their checksums (RFC 791, 8200, 9293, 768, 1071).
 */
final class TestFrames {

    static final int TCP = 6;
    static final int UDP = 17;
    static final int SYN = 0x02;
    static final int ACK = 0x10;
    static final int FIN = 0x01;

    private TestFrames() {
    }

    static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** A TCP segment (no payload) in an Ethernet frame, every checksum right. */
    static byte[] tcp(long dstMac, long srcMac, String src, int sport, String dst, int dport, int flags, int payload) {
        return frame(dstMac, srcMac, ip(src), ip(dst), TCP, sport, dport, flags, payload, 64, 0x4000);
    }

    /** A UDP datagram in an Ethernet frame, every checksum right. */
    static byte[] udp(long dstMac, long srcMac, String src, int sport, String dst, int dport, int payload) {
        return frame(dstMac, srcMac, ip(src), ip(dst), UDP, sport, dport, 0, payload, 64, 0);
    }

    static byte[] frame(long dstMac, long srcMac, InetAddress src, InetAddress dst, int protocol, int sport, int dport,
                        int flags, int payload, int ttl, int fragmentWord) {
        boolean v6 = src instanceof Inet6Address;
        int l4 = (protocol == TCP ? 20 : 8) + payload;
        int l3 = v6 ? 40 : 20;
        ByteBuffer b = ByteBuffer.allocate(14 + l3 + l4);
        putMac(b, dstMac);
        putMac(b, srcMac);
        b.putShort((short) (v6 ? 0x86DD : 0x0800));
        if (v6) {
            b.putInt(0x6000_0000).putShort((short) l4).put((byte) protocol).put((byte) ttl);
            b.put(src.getAddress()).put(dst.getAddress());
        } else {
            b.put((byte) 0x45).put((byte) 0).putShort((short) (l3 + l4)).putShort((short) 0x1234)
                    .putShort((short) fragmentWord).put((byte) ttl).put((byte) protocol).putShort((short) 0);
            b.put(src.getAddress()).put(dst.getAddress());
        }
        int t = b.position();
        b.putShort((short) sport).putShort((short) dport);
        if (protocol == TCP) {
            b.putInt(1000).putInt((flags & ACK) != 0 ? 2000 : 0).put((byte) 0x50).put((byte) flags)
                    .putShort((short) 65535).putShort((short) 0).putShort((short) 0);
        } else {
            b.putShort((short) l4).putShort((short) 0);
        }
        for (int i = 0; i < payload; i++) {
            b.put((byte) i);
        }
        byte[] f = b.array();
        if (!v6) {
            putShort(f, 14 + 10, checksum(f, 14, 20, 0));
        }
        putShort(f, t + (protocol == TCP ? 16 : 6), transportChecksum(f));
        return f;
    }

    /** An ICMPv4 error (type, code) from src to dst quoting the IP header and 8 octets of {@code about}'s packet. */
    static byte[] icmpError(long dstMac, long srcMac, String src, String dst, int type, int code, byte[] about) {
        int quoted = 20 + 8;
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + 8 + quoted);
        putMac(b, dstMac);
        putMac(b, srcMac);
        b.putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + 8 + quoted)).putShort((short) 7).putShort((short) 0)
                .put((byte) 64).put((byte) 1).putShort((short) 0).put(ip(src).getAddress()).put(ip(dst).getAddress());
        b.put((byte) type).put((byte) code).putShort((short) 0).putInt(0);
        b.put(about, 14, quoted);
        byte[] f = b.array();
        putShort(f, 24, checksum(f, 14, 20, 0));
        putShort(f, 36, checksum(f, 34, 8 + quoted, 0));
        return f;
    }

    /** The transport checksum the frame should carry (computed with the field zeroed). */
    static int transportChecksum(byte[] f) {
        boolean v6 = ethertype(f) == 0x86DD;
        int l3 = 14;
        int protocol = v6 ? f[l3 + 6] & 0xFF : f[l3 + 9] & 0xFF;
        int t = l3 + (v6 ? 40 : 20);
        int l4 = v6 ? u16(f, l3 + 4) : u16(f, l3 + 2) - 20;
        int field = t + (protocol == TCP ? 16 : 6);
        byte[] copy = f.clone();
        putShort(copy, field, 0);
        long sum = 0;
        int addrLen = v6 ? 16 : 4;
        int srcOff = l3 + (v6 ? 8 : 12);
        for (int i = 0; i < 2 * addrLen; i += 2) {
            sum += u16(copy, srcOff + i);
        }
        sum += protocol + l4;
        int c = checksum(copy, t, l4, sum);
        return protocol == UDP && c == 0 ? 0xFFFF : c;
    }

    /** Whether the IPv4 header checksum (if IPv4) and the transport checksum of the frame are right. */
    static boolean checksumsValid(byte[] f) {
        if (ethertype(f) == 0x0800) {
            if (checksum(f, 14, 20, 0) != 0) {
                return false;
            }
        }
        boolean v6 = ethertype(f) == 0x86DD;
        int protocol = v6 ? f[20] & 0xFF : f[23] & 0xFF;
        int field = 14 + (v6 ? 40 : 20) + (protocol == TCP ? 16 : 6);
        return u16(f, field) == transportChecksum(f);
    }

    static int checksum(byte[] f, int off, int len, long sum) {
        for (int i = 0; i + 1 < len; i += 2) {
            sum += u16(f, off + i);
        }
        if ((len & 1) != 0) {
            sum += (f[off + len - 1] & 0xFF) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    static int ethertype(byte[] f) {
        return u16(f, 12);
    }

    static long dstMac(byte[] f) {
        return mac(f, 0);
    }

    static long srcMac(byte[] f) {
        return mac(f, 6);
    }

    /** IPv4 source or destination address as text. */
    static String v4(byte[] f, boolean source) {
        int o = 14 + (source ? 12 : 16);
        return (f[o] & 0xFF) + "." + (f[o + 1] & 0xFF) + "." + (f[o + 2] & 0xFF) + "." + (f[o + 3] & 0xFF);
    }

    static int sourcePort(byte[] f) {
        return u16(f, 14 + ipHeader(f));
    }

    static int destinationPort(byte[] f) {
        return u16(f, 14 + ipHeader(f) + 2);
    }

    static int ttl(byte[] f) {
        return ethertype(f) == 0x86DD ? f[21] & 0xFF : f[22] & 0xFF;
    }

    static int ipHeader(byte[] f) {
        return ethertype(f) == 0x86DD ? 40 : (f[14] & 0x0F) * 4;
    }

    static int u16(byte[] f, int o) {
        return ((f[o] & 0xFF) << 8) | (f[o + 1] & 0xFF);
    }

    static void putShort(byte[] f, int o, int v) {
        f[o] = (byte) (v >>> 8);
        f[o + 1] = (byte) v;
    }

    private static long mac(byte[] f, int o) {
        long m = 0;
        for (int i = 0; i < 6; i++) {
            m = (m << 8) | (f[o + i] & 0xFF);
        }
        return m;
    }

    private static void putMac(ByteBuffer b, long mac) {
        for (int i = 5; i >= 0; i--) {
            b.put((byte) (mac >>> (8 * i)));
        }
    }
}
