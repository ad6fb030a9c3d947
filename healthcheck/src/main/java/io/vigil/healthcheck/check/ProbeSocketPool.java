package io.vigil.healthcheck.check;

import io.netty.channel.IoEventLoop;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.util.concurrent.FastThreadLocal;
import io.vigil.healthcheck.spec.ConnectOptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The idle {@link ProbeSocket}s of one health loop, by family and bind address. A probe takes one (or opens one when
 * none is idle) and gives it back when it ends; at most {@link #MAX_IDLE} per key stay open between probes, the rest
 * are closed. With checks spread over the delay_loop a handful of sockets serve thousands of real servers; when many
 * probes wait at once (servers that do not answer until connect_timeout) the pool grows only to what is given back.
 * Threading: one pool per event-loop thread, used only on it.
 */
final class ProbeSocketPool {

    /** Idle sockets kept per family and bind address. */
    static final int MAX_IDLE = 128;

    private static final FastThreadLocal<ProbeSocketPool> POOLS = new FastThreadLocal<>() {
        @Override
        protected ProbeSocketPool initialValue() {
            return new ProbeSocketPool();
        }
    };

    /** What a socket is opened with: its family and local address (null: the kernel chooses). */
    record Key(SocketProtocolFamily family, InetSocketAddress bindTo) {
    }

    private final Map<Key, ArrayDeque<ProbeSocket>> idle = new HashMap<>();

    private ProbeSocketPool() {
    }

    /** The pool of the calling event-loop thread. */
    static ProbeSocketPool current() {
        return POOLS.get();
    }

    /** An idle socket for {@code connect} on {@code loop}, or a new one. */
    ProbeSocket take(IoEventLoop loop, ConnectOptions connect) throws IOException {
        Key key = new Key(InetStreamSocket.familyOf(connect.target().getAddress()), connect.bindTo().orElse(null));
        ArrayDeque<ProbeSocket> queue = queue(key);
        ProbeSocket s;
        while ((s = queue.pollLast()) != null) {
            if (!s.isClosed()) {
                return s;
            }
        }
        return ProbeSocket.open(loop, connect.target().getAddress(), key.bindTo(), key);
    }

    /** Takes back a socket whose probe ended: recycled for the next probe, or closed when enough are idle. */
    void giveBack(ProbeSocket s) {
        s.detach();
        ArrayDeque<ProbeSocket> queue = queue(s.key());
        if (queue.size() >= MAX_IDLE) {
            s.close();
        } else if (s.recycle()) {
            queue.addLast(s);
        }
    }

    /** Idle sockets of {@code family} and {@code bindTo} (for tests). */
    int idle(SocketProtocolFamily family, InetSocketAddress bindTo) {
        return queue(new Key(family, bindTo)).size();
    }

    /** The local address of the idle socket that {@link #take} would hand out next, or null (for tests). */
    InetSocketAddress idleLocalAddress(SocketProtocolFamily family, InetSocketAddress bindTo) {
        ProbeSocket s = queue(new Key(family, bindTo)).peekLast();
        return s == null ? null : (InetSocketAddress) s.socket().localAddress();
    }

    private ArrayDeque<ProbeSocket> queue(Key key) {
        return idle.computeIfAbsent(key, k -> new ArrayDeque<>());
    }
}
