package io.vigil.healthcheck.check;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.concurrent.TimeUnit;

/**
 * Every case of {@link HttpCheckerLoopbackTest} again with the checkers on an epoll group, where TCP_CHECK and plain
 * HTTP_GET run on raw sockets ({@link EpollConnect}, {@link EpollHttpGet}) and SSL_GET on Netty's epoll channels.
 */
class HttpCheckerEpollLoopbackTest extends HttpCheckerLoopbackTest {

    private static EventLoopGroup epollClients;

    @BeforeAll
    static void checkOnEpoll() {
        epollClients = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        transport = CheckTransport.epoll(epollClients);
    }

    @AfterAll
    static void stopEpollClients() {
        epollClients.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
