package io.vigil.healthcheck.check;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.SocketProtocolFamily;
import io.vigil.healthcheck.spec.ConnectOptions;
import io.vigil.healthcheck.spec.TcpCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TCP_CHECK on an epoll group, where each probe is an {@link EpollConnect} on a raw socket: up, refused, timed out,
 * bound to a local address, IPv6, and every connection reset and its socket pooled (or closed past the pool's limit)
 * however the probe ended.
 */
class EpollConnectLoopbackTest extends LoopbackTestBase {

    /** Generous: on a loaded machine the first TLS handshake alone took over 2 s. */
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(10);
    private static EventLoopGroup epoll;
    private static CheckTransport epollTransport;

    @BeforeAll
    static void startEpoll() {
        epoll = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        epollTransport = CheckTransport.epoll(epoll);
    }

    @AfterAll
    static void stopEpoll() {
        epoll.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static TcpChecker checker(ConnectOptions connect) {
        return new TcpChecker(epollTransport, new TcpCheck(connect));
    }

    @Test
    void upRefusedAndBackUpOnOnePooledSocket() throws Exception {
        long before = openSockets();
        int idleBefore = idleSockets();
        try (TestHttpServer server = new TestHttpServer(servers, Optional.empty())) {
            TcpChecker checker = checker(ConnectOptions.to(server.address(), TIMEOUT));
            for (int i = 0; i < 50; i++) {
                CheckResult up = probe(checker);
                assertTrue(up.up(), up.detail());
                assertEquals("connected to " + server.address(), up.detail());
            }
            server.stop();
            CheckResult down = probe(checker);
            assertEquals(FailureReason.CONNECT_REFUSED, down.reason(), down.detail());
            assertTrue(down.detail().startsWith("connect to " + server.address() + ": "), down.detail());
            server.restart();
            assertTrue(probe(checker).up());
        }
        // One probe after another: each gives its socket back before the next takes one, so at most one was opened,
        // and every socket the probes opened is idle in the pool, none is lost.
        int idleAfter = idleSockets();
        assertTrue(idleAfter <= idleBefore + 1, idleBefore + " idle sockets before, " + idleAfter + " after");
        await().atMost(10, TimeUnit.SECONDS).until(() -> openSockets() == before + idleAfter - idleBefore);
    }

    /**
     * The probe passes at the server's SYN-ACK and resets before its ACK would leave (TCP_DEFER_ACCEPT holds it back),
     * so the handshake never completes on the server and its application has nothing to accept.
     */
    @Test
    void aTcpCheckPassesWithoutTheServersApplicationEverAcceptingIt() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            TcpChecker checker = checker(ConnectOptions.to((InetSocketAddress) listener.getLocalSocketAddress(),
                    TIMEOUT));
            for (int i = 0; i < 20; i++) {
                CheckResult r = probe(checker);
                assertTrue(r.up(), r.detail());
            }
            listener.setSoTimeout(500);
            assertThrows(SocketTimeoutException.class, listener::accept,
                    "a completed handshake waits in the listener's accept queue");
        }
    }

    @Test
    void aConnectThatIsNeverAnsweredTimesOutAtConnectTimeout() throws Exception {
        // A listener whose accept queue is full drops further SYNs: the handshake never completes.
        try (SilentListener full = new SilentListener()) {
            long timeout = TimeUnit.MILLISECONDS.toNanos(300);
            long start = System.nanoTime();
            CheckResult r = probe(checker(ConnectOptions.to(full.address(), timeout)));
            assertEquals(FailureReason.TIMEOUT, r.reason(), r.detail());
            assertTrue(r.detail().contains("timed out after 300 ms"), r.detail());
            assertTrue(System.nanoTime() - start >= timeout, "not before connect_timeout");
        }
    }

    @Test
    void bindsToTheGivenLocalAddressOrFailsAsAConnectError() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            InetSocketAddress target = (InetSocketAddress) listener.getLocalSocketAddress();
            InetSocketAddress from = new InetSocketAddress("127.0.0.2", 0);
            ConnectOptions bound = new ConnectOptions(target, Optional.of(from), TIMEOUT);
            assertTrue(probe(checker(bound)).up());
            // The server's application never sees a TCP_CHECK, so the bound socket itself, pooled under its bind
            // address, tells where the probe came from.
            IoEventLoop loop = (IoEventLoop) epoll.next();
            InetSocketAddress local = loop.submit(() -> ProbeSocketPool.current()
                    .idleLocalAddress(SocketProtocolFamily.INET, from)).get(10, TimeUnit.SECONDS);
            assertEquals(from.getAddress(), local.getAddress());
            ConnectOptions bad = new ConnectOptions(target, Optional.of(new InetSocketAddress("198.18.255.254", 0)),
                    TIMEOUT);
            CheckResult r = probe(checker(bad));
            assertFalse(r.up());
            assertEquals(FailureReason.CONNECT_ERROR, r.reason(), r.detail());
        }
    }

    @Test
    void reachesAnIpv6TargetWithAnIpv6SocketAgainAndAgain() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName("::1"))) {
            TcpChecker checker = checker(ConnectOptions.to((InetSocketAddress) listener.getLocalSocketAddress(),
                    TIMEOUT));
            for (int i = 0; i < 5; i++) { // the pooled IPv6 socket is dissolved and connected again each time
                CheckResult r = probe(checker);
                assertTrue(r.up(), r.detail());
            }
            IoEventLoop loop = (IoEventLoop) epoll.next();
            assertTrue(loop.submit(() -> ProbeSocketPool.current().idle(SocketProtocolFamily.INET6, null))
                    .get(10, TimeUnit.SECONDS) >= 1, "the IPv6 socket went back to the pool");
        }
    }

    @Test
    void completingTheProbeFromOutsideResetsItsConnectionAndPoolsItsSocket() throws Exception {
        try (SilentListener full = new SilentListener()) {
            int port = full.address().getPort();
            long connectionsBefore = connectionsTo(port);
            long before = openSockets();
            int idleBefore = idleSockets();
            List<CompletableFuture<CheckResult>> pending = pendingProbes(full, 20);
            await().atMost(10, TimeUnit.SECONDS).until(() -> connectionsTo(port) >= connectionsBefore + 20);
            for (CompletableFuture<CheckResult> p : pending) {
                assertFalse(p.isDone(), "a never-answered connect is still pending");
                p.complete(CheckResult.failure(FailureReason.TIMEOUT, 0, "abandoned by the test"));
            }
            // Each connect in SYN_SENT is dissolved (the kernel forgets it) and its socket waits in the pool.
            await().atMost(10, TimeUnit.SECONDS).until(() -> connectionsTo(port) == connectionsBefore);
            int idleAfter = idleSockets();
            assertTrue(idleAfter >= 20, idleAfter + " idle sockets after 20 probes ended at once");
            await().atMost(10, TimeUnit.SECONDS).until(() -> openSockets() == before + idleAfter - idleBefore);
            // A socket dissolved while connecting keeps a pending ECONNRESET; its next connect must clear it.
            try (ServerSocket up = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                TcpChecker checker = checker(ConnectOptions.to((InetSocketAddress) up.getLocalSocketAddress(),
                        TIMEOUT));
                for (int i = 0; i < 3; i++) {
                    CheckResult r = probe(checker);
                    assertTrue(r.up(), r.detail());
                }
            }
            assertEquals(idleAfter, idleSockets(), "the later probes took pooled sockets and gave them back");
        }
    }

    @Test
    void thePoolKeepsAtMostItsLimitOfIdleSocketsAndClosesTheRest() throws Exception {
        try (SilentListener full = new SilentListener()) {
            int idleBefore = idleSockets();
            long before = openSockets();
            int count = ProbeSocketPool.MAX_IDLE + 40;
            List<CompletableFuture<CheckResult>> pending = pendingProbes(full, count);
            await().atMost(10, TimeUnit.SECONDS).until(() -> openSockets() >= before + count - idleBefore);
            for (CompletableFuture<CheckResult> p : pending) {
                p.complete(CheckResult.failure(FailureReason.TIMEOUT, 0, "abandoned by the test"));
            }
            await().atMost(10, TimeUnit.SECONDS).until(() -> idleSockets() == ProbeSocketPool.MAX_IDLE);
            await().atMost(10, TimeUnit.SECONDS).until(
                    () -> openSockets() == before + ProbeSocketPool.MAX_IDLE - idleBefore);
        }
    }

    /** {@code count} TCP_CHECK probes against a listener that never answers, with a connect_timeout of a minute. */
    private static List<CompletableFuture<CheckResult>> pendingProbes(SilentListener silent, int count) {
        TcpChecker checker = checker(ConnectOptions.to(silent.address(), TimeUnit.SECONDS.toNanos(60)));
        List<CompletableFuture<CheckResult>> pending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pending.add(checker.probe());
        }
        return pending;
    }

    /** The idle IPv4 sockets without a bind address in the pool of the test's one epoll loop. */
    private static int idleSockets() throws Exception {
        IoEventLoop loop = (IoEventLoop) epoll.next();
        return loop.submit(() -> ProbeSocketPool.current().idle(SocketProtocolFamily.INET, null))
                .get(10, TimeUnit.SECONDS);
    }

    /** TCP connections of this machine, in any state the kernel lists, whose remote port is {@code port}. */
    private static long connectionsTo(int port) throws IOException {
        String remote = String.format(":%04X ", port);
        long n = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 2 && (f[2] + " ").endsWith(remote)) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Sockets this process has open, from /proc/self/fd. */
    private static long openSockets() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }
}
