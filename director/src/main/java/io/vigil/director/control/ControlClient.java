package io.vigil.director.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The CLI side of the control socket: sends one request line and returns the daemon's reply. */
public final class ControlClient {

    private ControlClient() {
    }

    /**
     * Sends {@code request} to the daemon whose state directory is {@code stateDir}.
     *
     * @throws IOException when no daemon listens there; the message says which path was tried
     */
    public static ControlReply request(Path stateDir, List<String> request) throws IOException {
        Path path = stateDir.resolve(ControlServer.SOCKET_NAME);
        if (!Files.exists(path)) {
            throw new IOException("no vigil daemon: control socket " + path + " does not exist"
                    + " (is 'vigil run' running with --state-dir " + stateDir + "?)");
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(path));
            channel.write(ByteBuffer.wrap((String.join(" ", request) + "\n").getBytes(StandardCharsets.UTF_8)));
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
            while (channel.read(buffer.clear()) > 0) {
                reply.write(buffer.array(), 0, buffer.position());
            }
            return ControlReply.decode(reply.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException("cannot talk to the vigil daemon at " + path + ": " + e.getMessage(), e);
        }
    }
}
