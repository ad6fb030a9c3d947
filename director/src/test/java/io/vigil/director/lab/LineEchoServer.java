package io.vigil.director.lab;

import io.vigil.dataplane.lab.Netns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A line echo service on real servers in lab namespaces: each listens on {@code 0.0.0.0:PORT} of its namespace (so
 * also on a VIP held on lo for LVS-DR) and answers every line {@code L} with {@code NAME L}, so a client can tell
 * which real server carried its connection. Health checks that connect and close are fine.
 *
 * <p>Threading: one platform thread ({@code line-echo}) owns the selector and every socket; {@link #close} stops it.
 * The sockets are opened on a thread that entered each namespace (a socket belongs to the namespace it was created
 * in), so the test JVM serves hundreds of connections without a process per connection.
 */
public final class LineEchoServer implements AutoCloseable {

    private final Selector selector;
    private final Thread thread;
    private volatile boolean running = true;

    private LineEchoServer(Selector selector) {
        this.selector = selector;
        this.thread = new Thread(this::serve, "line-echo");
        this.thread.setDaemon(true);
    }

    /** Starts one listener on {@code port} in each namespace, answering with the map's key as its name. */
    public static LineEchoServer start(int port, Map<String, Netns> servers) throws Exception {
        LineEchoServer echo = new LineEchoServer(Selector.open());
        for (var e : servers.entrySet()) {
            ServerSocketChannel listener = e.getValue().call(() -> {
                ServerSocketChannel ch = ServerSocketChannel.open();
                ch.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
                ch.bind(new InetSocketAddress("0.0.0.0", port), 1024);
                return ch;
            });
            listener.configureBlocking(false);
            listener.register(echo.selector, SelectionKey.OP_ACCEPT, (e.getKey() + " ").getBytes(StandardCharsets.US_ASCII));
        }
        echo.thread.start();
        return echo;
    }

    private void serve() {
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        try {
            while (running) {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        SocketChannel ch = ((ServerSocketChannel) key.channel()).accept();
                        if (ch != null) {
                            ch.configureBlocking(false);
                            ch.register(selector, SelectionKey.OP_READ, new Peer((byte[]) key.attachment()));
                        }
                    } else if (key.isReadable()) {
                        echo(key, in);
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            if (running) {
                throw new UncheckedIOException("line echo server failed", e);
            }
        }
    }

    /** Reads what arrived and answers each complete line; a closed or reset connection is dropped. */
    private static void echo(SelectionKey key, ByteBuffer in) throws IOException {
        SocketChannel ch = (SocketChannel) key.channel();
        Peer peer = (Peer) key.attachment();
        if (readOrEnd(ch, in) < 0) {
            key.cancel();
            ch.close();
            return;
        }
        in.flip();
        while (in.hasRemaining()) {
            byte b = in.get();
            peer.line.write(b);
            if (b == '\n') {
                ByteBuffer out = ByteBuffer.allocate(peer.name.length + peer.line.size());
                out.put(peer.name).put(peer.line.toByteArray()).flip();
                peer.line.reset();
                // Small answers to a client that waits for each: the socket buffer always takes them whole.
                while (out.hasRemaining() && ch.write(out) > 0) {
                    // written
                }
            }
        }
    }

    /** Reads into {@code in} (cleared first) what {@code ch} has: the byte count, or -1 when it was closed or reset. */
    static int readOrEnd(SocketChannel ch, ByteBuffer in) {
        in.clear();
        try {
            return ch.read(in);
        } catch (IOException reset) {
            return -1;
        }
    }

    /** One accepted connection: the server's name and the line read so far. */
    private static final class Peer {
        final byte[] name;
        final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        Peer(byte[] name) {
            this.name = name;
        }
    }

    @Override
    public void close() throws Exception {
        running = false;
        selector.wakeup();
        thread.join(5000);
        for (SelectionKey key : selector.keys()) {
            key.channel().close();
        }
        selector.close();
    }
}
