package io.vigil.director.lab;

import io.vigil.dataplane.lab.Netns;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A client holding many long-lived TCP connections to a {@link LineEchoServer} through a VIP: each sends a numbered
 * line, waits for its answer ({@code NAME N}), and sends the next one an interval after the previous, so a connection
 * that stops carrying data shows as a gap, an unanswered line or a reset, and one that moves to another real server
 * shows by the name in the answer.
 *
 * <p>Threading: the connections are opened on a thread inside the client's namespace; from then on one platform
 * thread ({@code long-lived-client}) owns them and their records until {@link #stop}, which joins it and reports.
 */
public final class LongLivedConnections {

    private final Selector selector;
    private final List<Connection> connections;
    private final long intervalNanos;
    private final Thread thread;
    private volatile boolean running = true;

    private LongLivedConnections(Selector selector, List<Connection> connections, Duration interval) {
        this.selector = selector;
        this.connections = connections;
        this.intervalNanos = interval.toNanos();
        this.thread = new Thread(this::drive, "long-lived-client");
        this.thread.setDaemon(true);
    }

    /**
     * Opens {@code count} connections from {@code client} to {@code service} and starts exchanging a line on each
     * every {@code interval} (staggered, so the lines spread over the interval).
     */
    public static LongLivedConnections open(Netns client, InetSocketAddress service, int count, Duration interval)
            throws Exception {
        List<SocketChannel> channels = client.call(() -> {
            List<SocketChannel> out = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                SocketChannel ch = SocketChannel.open(service);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                out.add(ch);
            }
            return out;
        });
        Selector selector = Selector.open();
        List<Connection> connections = new ArrayList<>();
        long now = System.nanoTime();
        for (int i = 0; i < channels.size(); i++) {
            SocketChannel ch = channels.get(i);
            ch.configureBlocking(false);
            Connection c = new Connection(ch, now + interval.toNanos() * i / count, now);
            ch.register(selector, SelectionKey.OP_READ, c);
            connections.add(c);
        }
        LongLivedConnections exchanging = new LongLivedConnections(selector, connections, interval);
        exchanging.thread.start();
        return exchanging;
    }

    private void drive() {
        ByteBuffer in = ByteBuffer.allocate(4096);
        try {
            while (running) {
                long now = System.nanoTime();
                for (Connection c : connections) {
                    if (!c.dead && !c.outstanding && now - c.nextSendNanos >= 0) {
                        c.send(now, intervalNanos);
                    }
                }
                selector.select(10);
                long readAt = System.nanoTime();
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isValid() && key.isReadable()) {
                        ((Connection) key.attachment()).receive(in, readAt);
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            throw new IllegalStateException("the client's selector failed", e);
        }
    }

    /** How many connections have had an answer since {@code nanos} ({@link System#nanoTime()}); from any thread. */
    public int answeringSince(long nanos) {
        int n = 0;
        for (Connection c : connections) {
            if (c.lastAnswerNanos - nanos > 0) {
                n++;
            }
        }
        return n;
    }

    /**
     * Stops exchanging, closes every connection and reports. A connection is broken when it was reset or closed,
     * answered out of order, or has had no answer for {@code stallLimit} when this is called.
     */
    public ConnectionReport stop(Duration stallLimit) throws Exception {
        running = false;
        selector.wakeup();
        thread.join(5000);
        long end = System.nanoTime();
        int broken = 0;
        int resets = 0;
        int stalled = 0;
        int moved = 0;
        long exchanges = 0;
        long longestGap = 0;
        Map<String, Integer> perServer = new TreeMap<>();
        for (Connection c : connections) {
            long silent = end - c.lastAnswerNanos;
            boolean stall = !c.dead && silent > stallLimit.toNanos();
            if (c.dead || c.disordered || stall) {
                broken++;
            }
            resets += c.dead ? 1 : 0;
            stalled += stall ? 1 : 0;
            moved += c.moved ? 1 : 0;
            exchanges += c.answers;
            longestGap = Math.max(longestGap, Math.max(c.longestGapNanos, silent));
            if (c.server != null) {
                perServer.merge(c.server, 1, Integer::sum);
            }
            c.channel.close();
        }
        selector.close();
        return new ConnectionReport(connections.size(), broken, resets, stalled, moved, exchanges,
                Duration.ofNanos(longestGap), perServer);
    }

    /** One connection's exchange state and record; owned by the client's thread. */
    private static final class Connection {
        final SocketChannel channel;
        final StringBuilder pending = new StringBuilder();
        long nextSendNanos;
        /** Read by {@link #answeringSince} from the test's thread. */
        volatile long lastAnswerNanos;
        long longestGapNanos;
        long sequence;
        long answers;
        boolean outstanding;
        boolean dead;
        boolean disordered;
        boolean moved;
        String server;

        Connection(SocketChannel channel, long firstSendNanos, long openedNanos) {
            this.channel = channel;
            this.nextSendNanos = firstSendNanos;
            this.lastAnswerNanos = openedNanos;
        }

        void send(long now, long intervalNanos) {
            sequence++;
            ByteBuffer line = ByteBuffer.wrap((sequence + "\n").getBytes(StandardCharsets.US_ASCII));
            try {
                channel.write(line);
                if (line.hasRemaining()) {
                    throw new IllegalStateException("a " + line.limit() + "-byte line did not fit the socket buffer");
                }
            } catch (IOException e) {
                dead = true;
                return;
            }
            outstanding = true;
            nextSendNanos = now + intervalNanos;
        }

        void receive(ByteBuffer in, long now) {
            int n = LineEchoServer.readOrEnd(channel, in);
            if (n < 0) {
                dead = true;
                outstanding = false;
                return;
            }
            pending.append(new String(in.array(), 0, n, StandardCharsets.US_ASCII));
            int newline;
            while ((newline = pending.indexOf("\n")) >= 0) {
                String answer = pending.substring(0, newline);
                pending.delete(0, newline + 1);
                answered(answer, now);
            }
        }

        private void answered(String answer, long now) {
            int space = answer.indexOf(' ');
            String name = space < 0 ? answer : answer.substring(0, space);
            if (!outstanding || space < 0 || !answer.substring(space + 1).equals(Long.toString(sequence))) {
                disordered = true;
            }
            if (server == null) {
                server = name;
            } else if (!server.equals(name)) {
                moved = true;
            }
            outstanding = false;
            answers++;
            longestGapNanos = Math.max(longestGapNanos, now - lastAnswerNanos);
            lastAnswerNanos = now;
        }
    }
}
