package io.vigil.director.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code vigil genhash} in-process against a loopback web server: digests, bad options, failed fetches. */
class GenhashCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private LoopbackWebServer web;

    @BeforeEach
    void start() throws Exception {
        web = new LoopbackWebServer();
    }

    @AfterEach
    void stop() {
        web.close();
    }

    private int run(String... args) {
        return new Main().run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsTheMd5OfAFixedLengthBody() {
        assertEquals(0, run("genhash", "-s", "127.0.0.1", "-p", String.valueOf(web.port()), "-u", "/fixed"), stderr());
        assertEquals(LoopbackWebServer.md5(LoopbackWebServer.FIXED_BODY) + "\n", stdout());
        assertEquals(List.of("127.0.0.1:" + web.port()), web.hosts);
    }

    @Test
    void digestsTheBodyOfAnErrorPageToo() {
        assertEquals(0, run("genhash", "--server=127.0.0.1", "--port", String.valueOf(web.port()), "--url",
                "/missing"), stderr());
        assertEquals(LoopbackWebServer.md5(LoopbackWebServer.MISSING_BODY) + "\n", stdout());
    }

    @Test
    void verboseSaysWhatWasFetchedAndPrintsMd5sum() {
        assertEquals(0, run("genhash", "-s", "127.0.0.1", "-p", String.valueOf(web.port()), "-u", "/fixed",
                "-V", "www.example", "--protocol", "1.1", "-v"), stderr());
        String text = stdout();
        assertTrue(text.contains("GET /fixed from http://127.0.0.1:" + web.port() + " HTTP/1.1 (Host: www.example)"),
                text);
        assertTrue(text.contains("status 200, " + LoopbackWebServer.FIXED_BODY.length + " body bytes"), text);
        assertTrue(text.contains("MD5SUM = " + LoopbackWebServer.md5(LoopbackWebServer.FIXED_BODY)), text);
        assertTrue(text.contains("Global response time for [/fixed] = "), text);
        assertEquals(List.of("www.example"), web.hosts);
    }

    @Test
    void aRefusedPortFailsWithExitOneAndSaysSo() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertEquals(1, run("genhash", "-s", "127.0.0.1", "-p", String.valueOf(port), "-u", "/"));
        assertEquals("", stdout());
        assertTrue(stderr().contains("failed (connect_refused)"), stderr());
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try (Socket ignored = s.accept()) {
                    Thread.sleep(5_000);
                } catch (Exception e) {
                    // closed by the test
                }
            });
            assertEquals(1, run("genhash", "-s", "127.0.0.1", "-p", String.valueOf(s.getLocalPort()), "-u", "/",
                    "-t", "1"));
            acceptor.interrupt();
        }
        assertTrue(stderr().contains("failed (timeout)"), stderr());
    }

    @Test
    void tlsAgainstAPlainServerIsAHandshakeFailure() {
        assertEquals(1, run("genhash", "-S", "-s", "127.0.0.1", "-p", String.valueOf(web.port()), "-u", "/fixed",
                "-t", "2"));
        assertTrue(stderr().contains("failed (tls_handshake)"), stderr());
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertEquals(2, run("genhash", "-s", "127.0.0.1", "-u", "/"));
        assertTrue(stderr().contains("missing -p"), stderr());
        assertTrue(stderr().contains("Usage: vigil genhash"), stderr());
        assertEquals("", stdout());
    }

    @Test
    void helpGoesToStdout() {
        assertEquals(0, run("genhash", "--help"));
        assertTrue(stdout().contains("Usage: vigil genhash"), stdout());
    }

    @Test
    void mainListsGenhashAsACommand() {
        assertEquals(0, run("help"));
        assertTrue(stdout().contains("genhash"), stdout());
        assertTrue(!stdout().contains("not implemented yet: run, status, list, reload, demo, genhash"), stdout());
    }
}
