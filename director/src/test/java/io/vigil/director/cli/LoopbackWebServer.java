package io.vigil.director.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A JDK web server on 127.0.0.1, port 0, for genhash tests: {@code /fixed} answers {@link #FIXED_BODY} with a
 * Content-Length, {@code /chunked} answers {@link #CHUNKED_BODY} chunked, {@code /missing} a 404 with a body.
 * Records the Host header of every request.
 */
final class LoopbackWebServer implements AutoCloseable {

    static final byte[] FIXED_BODY = "<html><body>vigil genhash fixed body</body></html>\n"
            .getBytes(StandardCharsets.US_ASCII);
    static final byte[] CHUNKED_BODY = "chunked body, framed by the server\n".repeat(40)
            .getBytes(StandardCharsets.US_ASCII);
    static final byte[] MISSING_BODY = "no such page\n".getBytes(StandardCharsets.US_ASCII);

    private final HttpServer server;
    final List<String> hosts = new CopyOnWriteArrayList<>();

    LoopbackWebServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/fixed", ex -> answer(ex, 200, FIXED_BODY, false));
        server.createContext("/chunked", ex -> answer(ex, 200, CHUNKED_BODY, true));
        server.createContext("/missing", ex -> answer(ex, 404, MISSING_BODY, false));
        server.start();
    }

    private void answer(HttpExchange ex, int status, byte[] body, boolean chunked) throws IOException {
        hosts.add(String.valueOf(ex.getRequestHeaders().getFirst("Host")));
        ex.sendResponseHeaders(status, chunked ? 0 : body.length);
        try (OutputStream os = ex.getResponseBody()) {
            if (chunked) {
                for (int i = 0; i < body.length; i += 100) {
                    os.write(body, i, Math.min(100, body.length - i));
                    os.flush();
                }
            } else {
                os.write(body);
            }
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
