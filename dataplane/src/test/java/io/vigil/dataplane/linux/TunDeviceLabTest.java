package io.vigil.dataplane.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.lab.Netns;
import io.vigil.dataplane.lab.NetnsLab;
import io.vigil.dataplane.packet.InternetChecksum;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * TunDevice and IpipSocket in a namespace of their own: a packet written to the device reaches the local stack
 * (which answers an echo request back into the device), the device is up with its host address and disappears
 * when closed, and an IPIP socket receives what another one encapsulated, outer header first.
 */
@Tag("netns")
class TunDeviceLabTest {

    @RegisterExtension
    static final NetnsLab lab = new NetnsLab();

    private static final int TUN_ADDRESS = 198 << 24 | 18 << 16 | 82 << 8 | 1;
    private static final int PEER = 198 << 24 | 18 << 16 | 83 << 8 | 2;

    @Test
    void writtenPacketsReachTheStackAndRoutedOnesCanBeRead() throws Exception {
        Netns ns = lab.namespace("tun");
        TunDevice device = ns.call(() -> {
            TunDevice d = TunDevice.create("vtest%d");
            d.addAddress(InetAddress.getByName("198.18.82.1"));
            return d;
        });
        try (Arena arena = Arena.ofConfined()) {
            assertEquals("vtest0", device.name());
            String link = ns.exec("ip", "-4", "addr", "show", "dev", "vtest0").orThrow().stdout();
            assertTrue(link.contains(",UP") && link.contains("inet 198.18.82.1/32"), link);
            ns.exec("ip", "route", "add", "198.18.83.0/24", "dev", "vtest0").orThrow();

            MemorySegment request = arena.allocate(28);
            MemorySegment.copy(MemorySegment.ofArray(echo(8, PEER, TUN_ADDRESS)), 0, request, 0, 28);
            assertTrue(device.write(request, 28));

            MemorySegment reply = arena.allocate(2048);
            long length = readIpv4(device, reply);
            assertEquals(28, length);
            assertArrayEquals(withoutIdAndTtl(echo(0, TUN_ADDRESS, PEER)), withoutIdAndTtl(reply.asSlice(0, 28).toArray(ValueLayout.JAVA_BYTE)),
                    "the stack answered the echo request back into the device");
        } finally {
            device.close();
        }
        assertFalse(ns.exec("ip", "link", "show", "dev", "vtest0").ok(), "closing removes the device");
    }

    @Test
    void anIpipSocketReceivesWhatAnotherEncapsulated() throws Exception {
        Netns ns = lab.namespace("ipip");
        ns.exec("ip", "link", "set", "lo", "up").orThrow();
        byte[] inner = echo(8, PEER, TUN_ADDRESS);
        byte[] received = ns.call(() -> {
            try (IpipSocket receiver = IpipSocket.open(); IpipSocket sender = IpipSocket.open();
                 Arena arena = Arena.ofConfined()) {
                MemorySegment packet = arena.allocate(inner.length);
                MemorySegment.copy(MemorySegment.ofArray(inner), 0, packet, 0, inner.length);
                assertTrue(sender.send(packet, inner.length, 127 << 24 | 1));
                assertTrue(receiver.awaitReadable(2_000));
                MemorySegment buffer = arena.allocate(2048);
                long length = receiver.receive(buffer);
                assertEquals(-1, receiver.receive(buffer.asSlice(length)), "one packet only");
                return buffer.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
            }
        });
        assertEquals(20 + inner.length, received.length);
        ByteBuffer outer = ByteBuffer.wrap(received);
        assertEquals(0x45, outer.get(0), "outer IPv4, IHL 5");
        assertEquals(SocketOptions.IPPROTO_IPIP, outer.get(9), "outer protocol 4");
        assertEquals(127 << 24 | 1, outer.getInt(16), "outer destination");
        assertArrayEquals(inner, java.util.Arrays.copyOfRange(received, 20, received.length));
    }

    /** Reads packets until an IPv4 one (the kernel also sends the device's own IPv6 solicitations). */
    private static long readIpv4(TunDevice device, MemorySegment buffer) throws LinuxException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (device.awaitReadable(200)) {
                long length = device.read(buffer);
                if (length > 0 && (buffer.get(ValueLayout.JAVA_BYTE, 0) & 0xf0) == 0x40) {
                    return length;
                }
            }
        }
        throw new AssertionError("no IPv4 packet came out of " + device);
    }

    /** An ICMP echo (type 8) or echo reply (type 0), id 0x1234, sequence 1, no data, in an IPv4 header, TTL 64. */
    private static byte[] echo(int type, int source, int destination) {
        ByteBuffer b = ByteBuffer.allocate(28);
        b.put((byte) 0x45).put((byte) 0).putShort((short) 28).putInt(0).put((byte) 64).put((byte) 1).putShort((short) 0)
                .putInt(source).putInt(destination);
        b.put((byte) type).put((byte) 0).putShort((short) 0).putShort((short) 0x1234).putShort((short) 1);
        MemorySegment s = MemorySegment.ofArray(b.array());
        b.putShort(22, (short) InternetChecksum.compute(s, 20, 8));
        b.putShort(10, (short) InternetChecksum.compute(s, 0, 20));
        return b.array();
    }

    /** The reply with the fields the kernel chooses (identification, flags, TTL, header checksum) reset. */
    private static byte[] withoutIdAndTtl(byte[] packet) {
        ByteBuffer b = ByteBuffer.wrap(packet.clone());
        b.putInt(4, 0).put(8, (byte) 0).putShort(10, (short) 0);
        return b.array();
    }
}
