package io.vigil.healthcheck.check;

import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.net.InetAddress;
import java.nio.channels.spi.SelectorProvider;
import java.util.Optional;

/**
 * The shared event loop group that every network checker runs on, with the channel classes that match its I/O
 * handler. The group is owned by the caller; checkers never create threads.
 *
 * @param group          the health-check event loop group (never the VRRP one)
 * @param socketChannel  TCP channel class for {@code group}
 * @param datagramChannel UDP channel class for {@code group}
 */
public record CheckTransport(EventLoopGroup group, Class<? extends SocketChannel> socketChannel,
                             Class<? extends DatagramChannel> datagramChannel) {

    /** For a group built with {@code NioIoHandler.newFactory()}. */
    public static CheckTransport nio(EventLoopGroup group) {
        return new CheckTransport(group, NioSocketChannel.class, NioDatagramChannel.class);
    }

    /**
     * A factory of TCP channels of {@code target}'s own family (AF_INET for IPv4): Netty's default is a dual-stack
     * AF_INET6 socket, an IPV6_V6ONLY setsockopt more per connection.
     */
    public ChannelFactory<SocketChannel> socketChannelTo(InetAddress target) {
        var family = InetStreamSocket.familyOf(target);
        if (socketChannel == EpollSocketChannel.class) {
            return () -> new EpollSocketChannel(family);
        }
        if (socketChannel == NioSocketChannel.class) {
            return () -> new NioSocketChannel(SelectorProvider.provider(), family);
        }
        return new io.netty.channel.ReflectiveChannelFactory<>(socketChannel);
    }

    /**
     * The next event loop of the group when it runs on epoll and takes raw {@link io.netty.channel.epoll.EpollIoHandle}s
     * (so a probe can do without a channel), else empty.
     */
    Optional<IoEventLoop> nextEpollLoop() {
        if (group instanceof IoEventLoopGroup io && io.isCompatible(ProbeSocket.class)) {
            return Optional.of(io.next());
        }
        return Optional.empty();
    }

    /** For a group built with {@code EpollIoHandler.newFactory()}. */
    public static CheckTransport epoll(EventLoopGroup group) {
        return new CheckTransport(group, EpollSocketChannel.class, EpollDatagramChannel.class);
    }
}
