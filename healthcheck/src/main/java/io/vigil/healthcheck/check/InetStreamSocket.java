package io.vigil.healthcheck.check;

import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.unix.Socket;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * A non-blocking TCP socket of the target's own family: AF_INET for an IPv4 target, AF_INET6 for an IPv6 one. Netty's
 * default stream socket is a dual-stack AF_INET6 socket, which costs an IPV6_V6ONLY setsockopt and v4-mapped
 * addresses on every connect. Threading: as {@link Socket}.
 */
final class InetStreamSocket extends Socket {

    private InetStreamSocket(int fd) {
        super(fd);
    }

    /** Opens a socket for connecting to {@code target}; throws Netty's {@code ChannelException} when socket(2) fails. */
    static InetStreamSocket open(InetAddress target) {
        return new InetStreamSocket(newSocketStream0(familyOf(target)));
    }

    /**
     * Sets TCP_DEFER_ACCEPT on this connecting socket, which makes the kernel hold back the ACK of the server's
     * SYN-ACK (tcp_rcv_synsent_state_process, up to the 200 ms delayed-ACK maximum): it rides on the first data sent,
     * or never leaves when the connection is reset first. The connect still completes at the SYN-ACK. Netty offers
     * the option only through its server channel's configuration, so a server channel object wraps the descriptor to
     * set it; it registers nothing and owns nothing (the descriptor stays this socket's).
     *
     * @throws io.netty.channel.ChannelException when setsockopt(2) fails
     */
    void deferHandshakeAck() {
        new EpollServerSocketChannel(intValue()).config().setTcpDeferAccept(1);
    }

    /** The family of a socket that reaches {@code target}. */
    static SocketProtocolFamily familyOf(InetAddress target) {
        return target instanceof Inet6Address ? SocketProtocolFamily.INET6 : SocketProtocolFamily.INET;
    }
}
