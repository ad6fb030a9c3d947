package io.vigil.dataplane.linux.bpf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * The key of Vigil's steering map, 20 bytes in network order, the same for IPv4 and IPv6 (an IPv4 address is
 * written IPv4-mapped, {@code ::ffff:a.b.c.d}, RFC 4291 §2.5.5.2):
 * <pre>
 *  0                                16         18      19      20
 * +--------------------------------+----------+-------+-------+
 * | address (16)                   | port (2) | proto | kind  |
 * +--------------------------------+----------+-------+-------+
 * </pre>
 * Kind {@link #SERVICE}: destination VIP:port; {@link #NAT_REPLY}: source RIP:rport of a NAT real server;
 * {@link #LOCAL}: a destination address of the director itself (port and protocol 0), whose NAT-reply-shaped
 * traffic (health-check answers) stays with the kernel. Port 0 in a service or reply key matches every port.
 */
public final class SteeringKey {

    /** Key bytes. */
    public static final int SIZE = 20;
    public static final int ADDRESS = 0;
    public static final int PORT = 16;
    public static final int PROTOCOL = 18;
    public static final int KIND = 19;

    public static final int SERVICE = 0;
    public static final int NAT_REPLY = 1;
    public static final int LOCAL = 2;

    /** The third word of an IPv4-mapped address as the little-endian machine reads its bytes 00 00 ff ff. */
    static final int V4_MAPPED_WORD = 0xffff0000;

    private SteeringKey() {
    }

    /** Writes a key at offset 0 of {@code key} (at least {@link #SIZE} bytes). */
    public static void write(MemorySegment key, InetAddress address, int port, int protocol, int kind) {
        key.asSlice(0, SIZE).fill((byte) 0);
        byte[] a = address.getAddress();
        if (address instanceof Inet4Address) {
            key.set(ValueLayout.JAVA_BYTE, 10, (byte) 0xff);
            key.set(ValueLayout.JAVA_BYTE, 11, (byte) 0xff);
            MemorySegment.copy(a, 0, key, ValueLayout.JAVA_BYTE, 12, 4);
        } else {
            MemorySegment.copy(a, 0, key, ValueLayout.JAVA_BYTE, 0, 16);
        }
        key.set(ValueLayout.JAVA_BYTE, PORT, (byte) (port >>> 8));
        key.set(ValueLayout.JAVA_BYTE, PORT + 1, (byte) port);
        key.set(ValueLayout.JAVA_BYTE, PROTOCOL, (byte) protocol);
        key.set(ValueLayout.JAVA_BYTE, KIND, (byte) kind);
    }
}
