package io.vigil.director.health;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.vigil.dataplane.linux.IcmpEchoSocket;
import io.vigil.dataplane.linux.LinuxException;
import io.vigil.dataplane.packet.IcmpEcho;
import io.vigil.healthcheck.check.PingReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The echo requests in flight on one raw ICMP or ICMPv6 socket: sends each with this pinger's identifier and a free
 * sequence number, matches replies (identifier, sequence and source) and ICMP errors quoting our requests, and
 * answers the rest at their timeout. Threading: confined to the event loop that the socket is registered with.
 */
final class EchoSession {

    /** Data bytes per request, ping(8)'s default of 56. */
    static final int PAYLOAD_BYTES = 56;
    /** Datagrams read per readability event before yielding the loop; the registration is level-triggered. */
    static final int READ_BUDGET = 256;

    private static final Logger LOG = LoggerFactory.getLogger(EchoSession.class);

    private final IcmpEchoSocket socket;
    private final EventLoop loop;
    private final int identifier;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment request = arena.allocate(IcmpEcho.HEADER_LENGTH + PAYLOAD_BYTES);
    private final IcmpEcho received = new IcmpEcho();
    private final Map<Integer, Pending> pending = new HashMap<>();
    private int nextSequence;
    private long malformed;

    /** One request in flight. */
    private static final class Pending {
        final InetAddress target;
        final long sentNanos;
        final CompletableFuture<PingReply> out;
        ScheduledFuture<?> timer;

        Pending(InetAddress target, long sentNanos, CompletableFuture<PingReply> out) {
            this.target = target;
            this.sentNanos = sentNanos;
            this.out = out;
        }
    }

    EchoSession(IcmpEchoSocket socket, EventLoop loop, int identifier) {
        this.socket = socket;
        this.loop = loop;
        this.identifier = identifier;
    }

    IcmpEchoSocket socket() {
        return socket;
    }

    /** Sends one echo request to {@code target}; {@code out} completes by {@code timeoutNanos}. */
    void send(InetAddress target, long timeoutNanos, CompletableFuture<PingReply> out) {
        if (pending.size() > 0xffff) {
            out.complete(new PingReply(false, 0, "65536 echo requests already in flight on the " + socket));
            return;
        }
        int sequence = nextSequence;
        while (pending.containsKey(sequence)) {
            sequence = (sequence + 1) & 0xffff;
        }
        nextSequence = (sequence + 1) & 0xffff;
        int length = IcmpEcho.writeRequest(request, socket.ipv6(), identifier, sequence, PAYLOAD_BYTES);
        Pending p = new Pending(target, System.nanoTime(), out);
        try {
            if (!socket.send(request.asSlice(0, length), target)) {
                out.complete(new PingReply(false, 0, "socket send buffer full (EAGAIN); request not sent"));
                return;
            }
        } catch (LinuxException e) {
            out.complete(new PingReply(false, 0, "send failed: " + e.getMessage()));
            return;
        }
        int seq = sequence;
        pending.put(seq, p);
        p.timer = loop.schedule(() -> {
            if (pending.remove(seq, p)) {
                p.out.complete(new PingReply(false, 0, "no reply within "
                        + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms"));
            }
        }, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** Reads what is queued (up to {@link #READ_BUDGET} datagrams) and completes the requests it answers. */
    void drain() {
        for (int i = 0; i < READ_BUDGET; i++) {
            long n;
            try {
                n = socket.receive();
            } catch (LinuxException e) {
                LOG.warn("reading {}: {}", socket, e.getMessage());
                return;
            }
            if (n < 0) {
                return;
            }
            long now = System.nanoTime();
            received.wrapReceived(socket.buffer(), n, socket.ipv6());
            switch (received.kind()) {
                case ECHO_REPLY -> reply(now);
                case UNREACHABLE -> error("destination unreachable (code " + received.code() + ")");
                case TIME_EXCEEDED -> error("time exceeded (code " + received.code() + ")");
                case MALFORMED -> {
                    malformed++;
                    LOG.debug("{}: ignored a malformed datagram: {}", socket, received.problem());
                }
                case IGNORED -> { }
            }
        }
    }

    private void reply(long nowNanos) {
        if (received.identifier() != identifier) {
            return;
        }
        Pending p = pending.get(received.sequence());
        // Compare the address bytes: a link-local IPv6 source carries a scope id that the target may lack.
        if (p == null || !Arrays.equals(p.target.getAddress(), socket.source().getAddress())) {
            return;
        }
        finish(received.sequence(), p, new PingReply(true, nowNanos - p.sentNanos,
                "echo reply from " + p.target.getHostAddress()));
    }

    private void error(String what) {
        if (received.identifier() != identifier) {
            return;
        }
        Pending p = pending.get(received.sequence());
        if (p != null) {
            finish(received.sequence(), p, new PingReply(false, 0, what + " reported by "
                    + socket.source().getHostAddress()));
        }
    }

    private void finish(int sequence, Pending p, PingReply reply) {
        pending.remove(sequence);
        p.timer.cancel(false);
        p.out.complete(reply);
    }

    /** Datagrams dropped as malformed so far. */
    long malformed() {
        return malformed;
    }

    /** Answers every request in flight with {@code why} and closes the socket. */
    void close(String why) {
        for (Pending p : pending.values()) {
            p.timer.cancel(false);
            p.out.complete(new PingReply(false, 0, why));
        }
        pending.clear();
        try {
            socket.close();
        } catch (LinuxException e) {
            LOG.warn("closing {}: {}", socket, e.getMessage());
        }
        arena.close();
    }
}
