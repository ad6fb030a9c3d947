package io.vigil.healthcheck.check;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import io.vigil.healthcheck.spec.ConnectOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A probe's descriptor number is reused by the next probe at once (the kernel hands out the lowest free number), while
 * the finished socket can live on: a child process holds every descriptor of the daemon between its fork and its
 * exec (the JDK's process launcher, for nft, ip or a notify script), and so does a descriptor in flight on a Unix
 * socket, which is what this test uses to hold one. close(2) removes a socket from an epoll set only once its last
 * reference is gone, so a probe that closes without EPOLL_CTL_DEL leaves the old socket registered, and its events
 * are reported under the number that the next probe now owns. With pooled sockets ({@link ProbeSocket}) the next
 * probe usually gets the very same socket back, dissolved and connecting again: then it must not pass on the
 * writability of the connection before.
 */
class EpollDescriptorReuseLoopbackTest extends LoopbackTestBase {

    private static final long LONG_TIMEOUT = TimeUnit.SECONDS.toNanos(10);
    private static final long SHORT_TIMEOUT = TimeUnit.MILLISECONDS.toNanos(300);
    private static EventLoopGroup epoll;

    @BeforeAll
    static void startEpoll() {
        epoll = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    }

    @AfterAll
    static void stopEpoll() {
        epoll.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /**
     * The first probe connects and ends while a second reference to its socket exists; the next probe reuses the
     * descriptor number against a listener that never answers and must time out, not pass on the old socket's
     * writability.
     */
    @Test
    void aProbeSeesNoEventOfAnEarlierSocketThatHadItsDescriptorNumber() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        IoEventLoop loop = (IoEventLoop) epoll.next();
        Path dir = Files.createTempDirectory("vigil-fd-holder");
        try (ServerSocket up = new ServerSocket(0, 50, loopback); SilentListener silent = new SilentListener();
             DescriptorHolder holder = new DescriptorHolder(dir.resolve("holder"))) {
            int reused = 0;
            for (int round = 0; round < 20 && reused < 3; round++) {
                Attempt first = new Attempt();
                EpollConnect connected = new EpollConnect(loop, ConnectOptions.to(
                        (InetSocketAddress) up.getLocalSocketAddress(), LONG_TIMEOUT), first, "connected", "connect");
                int held = loop.submit(() -> {
                    connected.start();
                    if (connected.socket == null || !connected.socket.isOpen()) {
                        return -1; // connected within connect(2) and already closed: nothing to hold
                    }
                    holder.hold(connected.socket.intValue());
                    return connected.socket.intValue();
                }).get(30, TimeUnit.SECONDS);
                CheckResult r = first.future().get(30, TimeUnit.SECONDS);
                assertTrue(r.up(), r.detail());
                if (held < 0) {
                    continue;
                }
                Attempt next = new Attempt();
                EpollConnect unanswered = new EpollConnect(loop, ConnectOptions.to(silent.address(), SHORT_TIMEOUT),
                        next, "connected", "connect");
                int fd = loop.submit(() -> {
                    unanswered.start();
                    return unanswered.socket.intValue();
                }).get(30, TimeUnit.SECONDS);
                CheckResult outcome = next.future().get(30, TimeUnit.SECONDS);
                if (fd == held) {
                    reused++;
                    assertEquals(FailureReason.TIMEOUT, outcome.reason(), "descriptor " + fd + " reused: "
                            + outcome.detail());
                }
                holder.release();
            }
            assertTrue(reused > 0, "no probe reused the descriptor of the one before it; the test proves nothing");
        }
    }

    /**
     * Holds extra references to descriptors: each is sent over a connected pair of Unix sockets (SCM_RIGHTS) and
     * left unread, so the file stays open until {@link #release()} closes the pair.
     */
    private static final class DescriptorHolder implements AutoCloseable {

        private final DomainSocketAddress address;
        private io.netty.channel.unix.Socket listener;
        private io.netty.channel.unix.Socket sender;
        private int receiver = -1;

        DescriptorHolder(Path path) throws IOException {
            this.address = new DomainSocketAddress(path.toString());
            listener = io.netty.channel.unix.Socket.newSocketDomain();
            listener.bind(address);
            listener.listen(4);
        }

        void hold(int fd) throws IOException {
            if (sender == null) {
                sender = io.netty.channel.unix.Socket.newSocketDomain();
                sender.connect(address);
                receiver = listener.accept(new byte[64]);
                if (receiver < 0) {
                    throw new IOException("no connection to accept on " + address);
                }
            }
            if (sender.sendFd(fd) < 0) {
                throw new IOException("could not send descriptor " + fd);
            }
        }

        /** Closes the pair; the descriptors in flight are released with it. */
        void release() throws IOException {
            if (sender != null) {
                sender.close();
                new io.netty.channel.unix.FileDescriptor(receiver).close();
                sender = null;
                receiver = -1;
            }
        }

        @Override
        public void close() throws IOException {
            release();
            listener.close();
        }
    }
}
