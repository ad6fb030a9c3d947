package io.vigil.director.engine;

import io.vigil.dataplane.lab.LabProcess;
import io.vigil.dataplane.lab.Netns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A UDP server for lab real servers that answers every datagram with its name, from one unconnected socket in one
 * process. socat's {@code UDP-LISTEN,fork} forks per peer and rebinds in between, so a datagram arriving in that
 * moment (the health checker probes every second) went unanswered now and then.
 *
 * <p>Thread safety: a process of its own, one thread.
 */
public final class UdpNameResponder {

    private UdpNameResponder() {
    }

    /** Starts a responder in {@code host} on {@code port} that answers "{@code name}\n". */
    static LabProcess start(Netns host, int port, String name) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String classes = Path.of("target", "test-classes").toAbsolutePath().toString();
        return host.start(java, "-Xmx16m", "-XX:TieredStopAtLevel=1", "-cp", classes,
                UdpNameResponder.class.getName(), Integer.toString(port), name);
    }

    /** {@code UdpNameResponder PORT NAME}: answers until killed. */
    public static void main(String[] args) throws IOException {
        byte[] answer = (args[1] + "\n").getBytes(StandardCharsets.US_ASCII);
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.bind(new InetSocketAddress(Integer.parseInt(args[0])));
            ByteBuffer in = ByteBuffer.allocate(65_536);
            while (true) {
                in.clear();
                SocketAddress peer = channel.receive(in);
                channel.send(ByteBuffer.wrap(answer), peer);
            }
        }
    }
}
