package io.vigil.healthcheck.check;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.vigil.healthcheck.spec.ConnectOptions;
import io.vigil.healthcheck.spec.TcpCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TCP_CHECK on an epoll group, where each probe is an {@link EpollConnect} on a raw socket: up, refused, timed out,
 * bound to a local address, IPv6, and every socket closed again however the probe ended.
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
    void upRefusedAndBackUpWithoutLeakingSockets() throws Exception {
        long before = openSockets();
        try (TestHttpServer server = new TestHttpServer(servers, Optional.empty())) {
            TcpChecker checker = checker(ConnectOptions.to(server.address(), TIMEOUT));
            for (int i = 0; i < 50; i++) {
                CheckResult up = probe(checker);
                assertTrue(up.up(), up.detail());
                assertEquals("connected to " + server.address(), up.detail());
            }
            await().atMost(10, TimeUnit.SECONDS).until(() -> server.accepted.get() >= 50);
            server.stop();
            CheckResult down = probe(checker);
            assertEquals(FailureReason.CONNECT_REFUSED, down.reason(), down.detail());
            assertTrue(down.detail().startsWith("connect to " + server.address() + ": "), down.detail());
            server.restart();
            assertTrue(probe(checker).up());
        }
        await().atMost(10, TimeUnit.SECONDS).until(() -> openSockets() <= before);
    }

    @Test
    void aConnectThatIsNeverAnsweredTimesOutAtConnectTimeout() throws Exception {
        // A listener whose accept queue is full drops further SYNs: the handshake never completes.
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = fillAcceptQueue(full);
            try {
                long timeout = TimeUnit.MILLISECONDS.toNanos(300);
                long start = System.nanoTime();
                CheckResult r = probe(checker(ConnectOptions.to((InetSocketAddress) full.getLocalSocketAddress(),
                        timeout)));
                assertEquals(FailureReason.TIMEOUT, r.reason(), r.detail());
                assertTrue(r.detail().contains("timed out after 300 ms"), r.detail());
                assertTrue(System.nanoTime() - start >= timeout, "not before connect_timeout");
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    @Test
    void bindsToTheGivenLocalAddressOrFailsAsAConnectError() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            InetSocketAddress target = (InetSocketAddress) listener.getLocalSocketAddress();
            CompletableFuture<InetAddress> peer = CompletableFuture.supplyAsync(() -> {
                try (Socket s = listener.accept()) {
                    return s.getInetAddress();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            ConnectOptions bound = new ConnectOptions(target, Optional.of(new InetSocketAddress("127.0.0.2", 0)),
                    TIMEOUT);
            assertTrue(probe(checker(bound)).up());
            assertEquals(InetAddress.getByName("127.0.0.2"), peer.get(30, TimeUnit.SECONDS));
            ConnectOptions bad = new ConnectOptions(target, Optional.of(new InetSocketAddress("198.18.255.254", 0)),
                    TIMEOUT);
            CheckResult r = probe(checker(bad));
            assertFalse(r.up());
            assertEquals(FailureReason.CONNECT_ERROR, r.reason(), r.detail());
        }
    }

    @Test
    void reachesAnIpv6TargetWithAnIpv6Socket() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName("::1"))) {
            CheckResult r = probe(checker(ConnectOptions.to((InetSocketAddress) listener.getLocalSocketAddress(),
                    TIMEOUT)));
            assertTrue(r.up(), r.detail());
        }
    }

    @Test
    void completingTheProbeFromOutsideClosesItsSocket() throws Exception {
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = fillAcceptQueue(full);
            try {
                long before = openSockets();
                TcpChecker checker = checker(ConnectOptions.to((InetSocketAddress) full.getLocalSocketAddress(),
                        TimeUnit.SECONDS.toNanos(60)));
                List<CompletableFuture<CheckResult>> pending = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    pending.add(checker.probe());
                }
                await().atMost(10, TimeUnit.SECONDS).until(() -> openSockets() >= before + 20);
                for (CompletableFuture<CheckResult> p : pending) {
                    assertFalse(p.isDone(), "a never-answered connect is still pending");
                    p.complete(CheckResult.failure(FailureReason.TIMEOUT, 0, "abandoned by the test"));
                }
                await().atMost(10, TimeUnit.SECONDS).until(() -> openSockets() <= before);
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
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
