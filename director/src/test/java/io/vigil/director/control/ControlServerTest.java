package io.vigil.director.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlServerTest {

    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aRequestLineReachesTheHandlerAndTheReplyComesBack() throws Exception {
        List<List<String>> seen = new CopyOnWriteArrayList<>();
        try (ControlServer server = ControlServer.start(dir, group, request -> {
            seen.add(request);
            return CompletableFuture.completedFuture(ControlReply.ok("state MASTER\nline two\n"));
        })) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(server.socketPath())));
            ControlReply reply = ControlClient.request(dir, List.of("status", "--json"));
            assertEquals(0, reply.exitCode());
            assertEquals("state MASTER\nline two\n", reply.body());
            assertEquals(List.of(List.of("status", "--json")), seen);
        }
        assertTrue(Files.notExists(dir.resolve(ControlServer.SOCKET_NAME)), "socket file left behind");
    }

    @Test
    void aFailingHandlerBecomesAnErrorReply() throws Exception {
        try (ControlServer server = ControlServer.start(dir, group,
                request -> CompletableFuture.failedFuture(new IllegalStateException("loop is gone")))) {
            ControlReply reply = ControlClient.request(dir, List.of("status"));
            assertEquals(1, reply.exitCode());
            assertTrue(reply.body().contains("loop is gone"), reply.body());
        }
    }

    @Test
    void noDaemonSaysWhichPathWasTried() {
        IOException e = assertThrows(IOException.class, () -> ControlClient.request(dir, List.of("status")));
        assertTrue(e.getMessage().contains(dir.resolve("control").toString()), e.getMessage());
    }

    @Test
    void malformedRepliesAreReportedNotParsed() {
        ControlReply reply = ControlReply.decode("<html>");
        assertEquals(1, reply.exitCode());
        assertTrue(reply.body().contains("'<html>'"), reply.body());
    }
}
