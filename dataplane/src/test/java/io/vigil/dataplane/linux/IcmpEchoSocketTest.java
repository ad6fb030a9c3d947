package io.vigil.dataplane.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.packet.IcmpEcho;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** A raw ICMP socket pings loopback (needs CAP_NET_RAW; the build runs as root). */
class IcmpEchoSocketTest {

    @ParameterizedTest
    @CsvSource({"INET, 127.0.0.1", "INET6, ::1"})
    void loopbackAnswersOurEcho(StandardProtocolFamily family, String target) throws Exception {
        InetAddress to = InetAddress.getByName(target);
        boolean v6 = family == StandardProtocolFamily.INET6;
        try (IcmpEchoSocket socket = IcmpEchoSocket.open(family); Arena arena = Arena.ofConfined()) {
            MemorySegment request = arena.allocate(64);
            int length = IcmpEcho.writeRequest(request, v6, 0x7e57, 9, 24);
            assertTrue(socket.send(request.asSlice(0, length), to));
            IcmpEcho echo = new IcmpEcho();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline) {
                long n = socket.receive();
                if (n < 0) {
                    Thread.sleep(1);
                    continue;
                }
                echo.wrapReceived(socket.buffer(), n, v6);
                if (echo.kind() == IcmpEcho.Kind.ECHO_REPLY && echo.identifier() == 0x7e57) {
                    break;
                }
            }
            assertEquals(IcmpEcho.Kind.ECHO_REPLY, echo.kind(), echo.problem());
            assertEquals(9, echo.sequence());
            assertEquals(to, socket.source());
        }
    }

    @Test
    void aFamilyMismatchIsRefusedBeforeTheKernel() throws Exception {
        try (IcmpEchoSocket socket = IcmpEchoSocket.open(StandardProtocolFamily.INET); Arena arena = Arena.ofConfined()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> socket.send(arena.allocate(8), InetAddress.getByName("::1")));
            assertTrue(e.getMessage().contains("raw ICMP socket"), e.getMessage());
        }
    }
}
