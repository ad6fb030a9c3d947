package io.vigil.healthcheck.check;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.IoEventLoop;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.vigil.healthcheck.spec.ConnectOptions;
import io.vigil.healthcheck.spec.HttpProtocol;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * Performs one keepalived-style GET over TCP or TLS. Certificates are not verified, as keepalived sets no
 * SSL_VERIFY_PEER (check_ssl.c {@code build_ssl_ctx}). Threading: any thread; I/O runs on the transport's loop.
 */
final class HttpFetcher {

    private static final SslContext TRUST_ALL = trustAll();

    private final CheckTransport transport;

    HttpFetcher(CheckTransport transport) {
        this.transport = transport;
    }

    /**
     * keepalived's request (check_http.c {@code request_template}): {@code GET path HTTP/1.x}, {@code User-Agent:
     * KeepAliveClient}, {@code Connection: close} for 1.0C and 1.1, then {@code Host}.
     */
    static byte[] request(HttpProtocol protocol, String path, String host) {
        return ("GET " + path + " " + protocol.requestVersion() + "\r\n"
                + "User-Agent: KeepAliveClient\r\n"
                + (protocol.connectionClose() ? "Connection: close\r\n" : "")
                + "Host: " + host + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Connects, sends {@code request} and reads the response; cancelling the future closes the connection. Plain HTTP
     * on an epoll group goes over a raw socket ({@link EpollHttpGet}), TLS and other groups over a Netty channel.
     */
    CompletableFuture<HttpFetch> fetch(ConnectOptions connect, boolean tls, Optional<String> sni, byte[] request) {
        CompletableFuture<HttpFetch> out = new CompletableFuture<>();
        Optional<IoEventLoop> epoll = !tls && TcpChecker.resolved(connect) ? transport.nextEpollLoop() : Optional.empty();
        if (epoll.isPresent()) {
            new EpollHttpGet(epoll.get(), connect, request, out).startOnLoop();
            return out;
        }
        long timeout = connect.connectTimeoutNanos();
        ChannelFuture cf = TcpChecker.connect(transport, connect, new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                if (tls) {
                    ch.pipeline().addLast(sslHandler(ch, connect, sni, timeout));
                }
                ch.pipeline().addLast(new HttpExchange(request, tls, timeout, out));
            }
        });
        out.whenComplete((r, e) -> cf.channel().close());
        cf.addListener(f -> {
            if (!f.isSuccess()) {
                out.complete(HttpFetch.failed(Attempt.reasonOf(f.cause()), "connect to " + connect.target() + ": "
                        + f.cause()));
            }
        });
        return out;
    }

    private static SslHandler sslHandler(Channel ch, ConnectOptions connect, Optional<String> sni, long timeoutNanos) {
        SslHandler handler;
        if (sni.isPresent()) {
            handler = TRUST_ALL.newHandler(ch.alloc(), sni.get(), connect.target().getPort());
            SSLEngine engine = handler.engine();
            SSLParameters params = engine.getSSLParameters();
            params.setServerNames(List.of(new SNIHostName(sni.get())));
            engine.setSSLParameters(params);
        } else {
            handler = TRUST_ALL.newHandler(ch.alloc());
        }
        handler.setHandshakeTimeout(timeoutNanos, TimeUnit.NANOSECONDS);
        return handler;
    }

    private static SslContext trustAll() {
        try {
            return SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the JDK TLS client context", e);
        }
    }
}
