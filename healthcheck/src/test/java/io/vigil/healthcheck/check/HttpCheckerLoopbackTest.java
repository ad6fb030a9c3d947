package io.vigil.healthcheck.check;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.vigil.healthcheck.spec.ConnectOptions;
import io.vigil.healthcheck.spec.HttpCheck;
import io.vigil.healthcheck.spec.HttpProtocol;
import io.vigil.healthcheck.spec.StatusCodes;
import io.vigil.healthcheck.spec.TcpCheck;
import io.vigil.healthcheck.spec.UrlCheck;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TCP_CHECK, HTTP_GET, SSL_GET and genhash against loopback servers: up, each kind of down, and back up. */
class HttpCheckerLoopbackTest extends LoopbackTestBase {

    /** MD5("hello"), RFC 1321 reference implementation (md5sum). */
    private static final String MD5_HELLO = "5d41402abc4b2a76b9719d911017c592";
    /** Generous: on a loaded machine the first TLS handshake alone took over 2 s. */
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(10);

    @TempDir
    static Path dir;
    static io.netty.handler.ssl.SslContext serverTls;

    @BeforeAll
    static void setUp() throws Exception {
        serverTls = TestCertificate.serverContext(dir);
    }

    private static HttpCheck http(InetSocketAddress target, boolean tls, UrlCheck... urls) {
        return new HttpCheck(ConnectOptions.to(target, TIMEOUT), tls, HttpProtocol.HTTP_1_0, Optional.empty(),
                tls, Optional.of("rs.example"), List.of(urls));
    }

    private static UrlCheck url(String path, String digest, String codes) {
        return new UrlCheck(path, Optional.ofNullable(digest),
                codes == null ? StatusCodes.defaults() : StatusCodes.parse(codes), Optional.empty());
    }

    @Test
    void tcpCheckUpDownAndBackUp() throws Exception {
        try (TestHttpServer server = new TestHttpServer(servers, Optional.empty())) {
            TcpChecker checker = new TcpChecker(transport, new TcpCheck(ConnectOptions.to(server.address(), TIMEOUT)));
            assertTrue(probe(checker).up());
            server.stop();
            CheckResult down = probe(checker);
            assertEquals(FailureReason.CONNECT_REFUSED, down.reason(), down.detail());
            server.restart();
            assertTrue(probe(checker).up());
        }
    }

    @Test
    void tcpCheckRunsOnAnEpollGroupToo() throws Exception {
        EventLoopGroup epoll = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try (TestHttpServer server = new TestHttpServer(servers, Optional.empty())) {
            TcpCheck spec = new TcpCheck(ConnectOptions.to(server.address(), TIMEOUT));
            assertTrue(probe(new TcpChecker(CheckTransport.epoll(epoll), spec)).up());
            server.stop();
            assertEquals(FailureReason.CONNECT_REFUSED, probe(new TcpChecker(CheckTransport.epoll(epoll), spec))
                    .reason());
        } finally {
            epoll.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void tcpCheckBindsToTheGivenLocalAddress() throws Exception {
        try (TestHttpServer server = new TestHttpServer(servers, Optional.empty())) {
            ConnectOptions bound = new ConnectOptions(server.address(),
                    Optional.of(new InetSocketAddress("127.0.0.2", 0)), TIMEOUT);
            assertTrue(probe(new TcpChecker(transport, new TcpCheck(bound))).up());
            ConnectOptions bad = new ConnectOptions(server.address(),
                    Optional.of(new InetSocketAddress("198.18.255.254", 0)), TIMEOUT);
            CheckResult r = probe(new TcpChecker(transport, new TcpCheck(bad)));
            assertFalse(r.up());
            assertEquals(FailureReason.CONNECT_ERROR, r.reason(), r.detail());
        }
    }

    @Test
    void httpGetSendsKeepalivedsRequestAndChecksStatusAndDigest() throws Exception {
        try (TestHttpServer server = new TestHttpServer(servers, Optional.empty())) {
            HttpChecker checker = new HttpChecker(transport, http(server.address(), false,
                    url("/health", MD5_HELLO, null), url("/other", null, "200-299 404")));
            CheckResult up = probe(checker);
            assertTrue(up.up(), up.detail());
            assertEquals("GET /health HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nHost: 127.0.0.1:"
                    + server.address().getPort() + "\r\n\r\n", server.requests.getFirst());
            assertEquals(2, server.requests.size(), "every url is fetched");

            server.status = 500;
            CheckResult badStatus = probe(checker);
            assertEquals(FailureReason.BAD_STATUS, badStatus.reason(), badStatus.detail());

            server.status = 200;
            server.body = "changed";
            CheckResult badDigest = probe(checker);
            assertEquals(FailureReason.BAD_DIGEST, badDigest.reason(), badDigest.detail());

            server.body = "hello";
            server.stop();
            CheckResult refused = probe(checker);
            assertEquals(FailureReason.CONNECT_REFUSED, refused.reason(), refused.detail());
            server.restart();
            assertTrue(probe(checker).up());
        }
    }

    @Test
    void statusCodeRangesAreHonoured() throws Exception {
        try (TestHttpServer server = new TestHttpServer(servers, Optional.empty())) {
            server.status = 503;
            assertTrue(probe(new HttpChecker(transport, http(server.address(), false, url("/", null, "500-503"))))
                    .up());
            assertEquals(FailureReason.BAD_STATUS, probe(new HttpChecker(transport, http(server.address(), false,
                    url("/", null, "200 500-502")))).reason());
        }
    }

    @Test
    void http11AndVirtualhostChangeTheRequestHeaders() throws Exception {
        try (TestHttpServer server = new TestHttpServer(servers, Optional.empty())) {
            HttpCheck spec = new HttpCheck(ConnectOptions.to(server.address(), TIMEOUT), false, HttpProtocol.HTTP_1_1,
                    Optional.of("www.example"), false, Optional.empty(),
                    List.of(new UrlCheck("/a", Optional.empty(), StatusCodes.defaults(), Optional.of("url.example")),
                            url("/b", null, null)));
            assertTrue(probe(new HttpChecker(transport, spec)).up());
            assertEquals("GET /a HTTP/1.1\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\n"
                    + "Host: url.example\r\n\r\n", server.requests.get(0));
            assertTrue(server.requests.get(1).contains("Host: www.example\r\n"), server.requests.get(1));
        }
    }

    @Test
    void aServerThatAcceptsAndNeverAnswersTimesOut() throws Exception {
        try (TestHttpServer server = new TestHttpServer(servers, Optional.empty())) {
            server.silent = true;
            HttpCheck spec = new HttpCheck(ConnectOptions.to(server.address(), TimeUnit.MILLISECONDS.toNanos(300)),
                    false, HttpProtocol.HTTP_1_0, Optional.empty(), false, Optional.empty(), List.of(url("/", null,
                    null)));
            CheckResult r = probe(new HttpChecker(transport, spec));
            assertEquals(FailureReason.TIMEOUT, r.reason(), r.detail());
            server.silent = false;
            assertTrue(probe(new HttpChecker(transport, spec)).up());
        }
    }

    @Test
    void sslGetUpWithSniThenHandshakeFailureAgainstPlainHttpAndBack() throws Exception {
        try (TestHttpServer tlsServer = new TestHttpServer(servers, Optional.of(serverTls));
             TestHttpServer plain = new TestHttpServer(servers, Optional.empty())) {
            CheckResult up = probe(new HttpChecker(transport, http(tlsServer.address(), true,
                    url("/", MD5_HELLO, null))));
            assertTrue(up.up(), up.detail());
            assertEquals(List.of("rs.example"), tlsServer.sniNames);

            CheckResult handshake = probe(new HttpChecker(transport, http(plain.address(), true, url("/", null,
                    null))));
            assertEquals(FailureReason.TLS_HANDSHAKE, handshake.reason(), handshake.detail());

            tlsServer.stop();
            assertEquals(FailureReason.CONNECT_REFUSED, probe(new HttpChecker(transport, http(tlsServer.address(),
                    true, url("/", null, null)))).reason());
            tlsServer.restart();
            assertTrue(probe(new HttpChecker(transport, http(tlsServer.address(), true, url("/", null, null)))).up());
        }
    }

    @Test
    void genhashDigestsTheBodyCutAtContentLength() throws Exception {
        try (TestHttpServer server = new TestHttpServer(servers, Optional.empty())) {
            server.extraAfterBody = "trailing bytes beyond Content-Length";
            HttpFetch fetch = new GenHash(transport).fetch(server.address(), "/", false, Optional.empty(),
                    HttpProtocol.HTTP_1_0, TIMEOUT).get(30, TimeUnit.SECONDS);
            assertTrue(fetch.ok(), fetch.detail());
            assertEquals(MD5_HELLO, fetch.md5Hex());
            assertEquals(200, fetch.statusCode());
        }
        try (TestHttpServer tlsServer = new TestHttpServer(servers, Optional.of(serverTls))) {
            HttpFetch fetch = new GenHash(transport).fetch(tlsServer.address(), "/", true, Optional.of("v.example"),
                    HttpProtocol.HTTP_1_1, TIMEOUT).get(30, TimeUnit.SECONDS);
            assertEquals(MD5_HELLO, fetch.md5Hex());
            assertEquals(List.of("v.example"), tlsServer.sniNames);
            assertTrue(tlsServer.requests.getFirst().contains("Host: v.example\r\n"));
        }
    }
}
