package io.vigil.healthcheck.check;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Loopback fixtures: checkers on a one-thread NIO group, test servers on a one-thread epoll group (epoll closes a
 * listening socket at once, so a stopped server really refuses connections).
 */
abstract class LoopbackTestBase {

    static EventLoopGroup clients;
    static EventLoopGroup servers;
    static CheckTransport transport;

    @BeforeAll
    static void startGroups() {
        clients = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        servers = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        transport = CheckTransport.nio(clients);
    }

    @AfterAll
    static void stopGroups() {
        clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        servers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /**
     * A loopback listener whose accept queue is full (connects until one is no longer answered), so that it drops
     * every further SYN: a handshake with it never completes. Closing it closes the fillers and the listener.
     */
    static final class SilentListener implements AutoCloseable {

        private final ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        private final List<Socket> fillers = new ArrayList<>();

        SilentListener() throws IOException {
            try {
                for (int i = 0; i < 16; i++) {
                    Socket s = new Socket();
                    fillers.add(s);
                    try {
                        s.connect(listener.getLocalSocketAddress(), 200);
                    } catch (SocketTimeoutException e) {
                        return;
                    }
                }
                throw new IllegalStateException("the accept queue of " + listener + " did not fill up");
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
        }

        InetSocketAddress address() {
            return (InetSocketAddress) listener.getLocalSocketAddress();
        }

        @Override
        public void close() throws IOException {
            for (Socket s : fillers) {
                s.close();
            }
            listener.close();
        }
    }

    static CheckResult probe(Checker checker) throws Exception {
        return checker.probe().get(30, TimeUnit.SECONDS);
    }
}
