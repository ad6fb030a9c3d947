package io.vigil.director.health;

import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import io.vigil.dataplane.linux.IcmpEchoSocket;
import io.vigil.dataplane.linux.LinuxException;
import io.vigil.healthcheck.check.PingReply;
import io.vigil.healthcheck.check.Pinger;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * PING_CHECK's {@link Pinger}: ICMP echo through the dataplane's raw ICMP and ICMPv6 sockets (keepalived check_ping.c
 * sends one echo request per check and waits connect_timeout for the reply). The sockets are registered with the
 * health-check event loop as Netty epoll handles, so nothing ever blocks: sends are non-blocking, replies are read
 * when the fd is readable, timeouts are loop timers. Each pinger uses its own echo identifier.
 *
 * <p>Threading: {@link #echo} may be called from any thread and hops onto the loop; all state is confined to the
 * loop, which must be an epoll {@link IoEventLoop} (the one {@code CheckTransport.epoll} runs on). The sockets
 * belong to the network namespace of the thread that calls {@link #open}.
 */
public final class KernelPinger implements Pinger, AutoCloseable {

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final IoEventLoop loop;
    private final EchoSession v4;
    private final EchoSession v6;
    private final String v6Unavailable;
    private final List<IoRegistration> registrations = new ArrayList<>();
    private boolean closed;

    private KernelPinger(IoEventLoop loop, EchoSession v4, EchoSession v6, String v6Unavailable) {
        this.loop = loop;
        this.v4 = v4;
        this.v6 = v6;
        this.v6Unavailable = v6Unavailable;
    }

    /**
     * Opens the ICMP socket (required) and the ICMPv6 socket (without it, IPv6 pings fail and say why) and registers
     * them with {@code loop}. Call it from a thread other than the loop's; it waits for the registration.
     *
     * @throws LinuxException when the ICMP socket cannot be opened, e.g. EPERM without CAP_NET_RAW
     */
    public static KernelPinger open(IoEventLoop loop) throws LinuxException {
        if (loop.inEventLoop()) {
            throw new IllegalStateException("KernelPinger.open waits for the loop; call it from another thread");
        }
        int identifier = (int) ((ProcessHandle.current().pid() * 31 + INSTANCES.getAndIncrement() * 0x9e37) & 0xffff);
        EchoSession v4 = new EchoSession(IcmpEchoSocket.open(StandardProtocolFamily.INET), loop, identifier);
        EchoSession v6 = null;
        String why = "";
        try {
            v6 = new EchoSession(IcmpEchoSocket.open(StandardProtocolFamily.INET6), loop, identifier);
        } catch (LinuxException e) {
            why = "no ICMPv6 socket: " + e.getMessage();
        }
        KernelPinger pinger = new KernelPinger(loop, v4, v6, why);
        try {
            pinger.register(v4);
            if (v6 != null) {
                pinger.register(v6);
            }
        } catch (RuntimeException e) {
            pinger.close();
            throw e;
        }
        return pinger;
    }

    private void register(EchoSession session) {
        IoRegistration registration = (IoRegistration) loop.register(new Readable(session)).syncUninterruptibly()
                .getNow();
        registration.submit(EpollIoOps.EPOLLIN);
        synchronized (registrations) {
            registrations.add(registration);
        }
    }

    @Override
    public CompletableFuture<PingReply> echo(InetAddress target, long timeoutNanos) {
        CompletableFuture<PingReply> out = new CompletableFuture<>();
        if (loop.inEventLoop()) {
            send(target, timeoutNanos, out);
        } else {
            loop.execute(() -> send(target, timeoutNanos, out));
        }
        return out;
    }

    private void send(InetAddress target, long timeoutNanos, CompletableFuture<PingReply> out) {
        if (closed) {
            out.complete(new PingReply(false, 0, "pinger closed"));
        } else if (!(target instanceof Inet6Address)) {
            v4.send(target, timeoutNanos, out);
        } else if (v6 != null) {
            v6.send(target, timeoutNanos, out);
        } else {
            out.complete(new PingReply(false, 0, v6Unavailable));
        }
    }

    /** Cancels the registrations, answers pings in flight with "pinger closed" and closes the sockets. */
    @Override
    public void close() {
        Runnable shutdown = () -> {
            if (closed) {
                return;
            }
            closed = true;
            synchronized (registrations) {
                registrations.forEach(IoRegistration::cancel);
            }
            v4.close("pinger closed");
            if (v6 != null) {
                v6.close("pinger closed");
            }
        };
        if (loop.inEventLoop() || loop.isShuttingDown()) {
            shutdown.run();
        } else {
            loop.submit(shutdown).syncUninterruptibly();
        }
    }

    /** A session's socket as a level-triggered epoll handle; the session owns the descriptor. */
    private record Readable(EchoSession session, FileDescriptor fd) implements EpollIoHandle {

        Readable(EchoSession session) {
            this(session, new FileDescriptor(session.socket().fd()));
        }

        @Override
        public void handle(IoRegistration registration, IoEvent event) {
            session.drain();
        }

        @Override
        public void close() {
            // EchoSession closes the socket.
        }
    }
}
