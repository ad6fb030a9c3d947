package io.vigil.healthcheck.check;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

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

    /** For a group built with {@code EpollIoHandler.newFactory()}. */
    public static CheckTransport epoll(EventLoopGroup group) {
        return new CheckTransport(group, EpollSocketChannel.class, EpollDatagramChannel.class);
    }
}
