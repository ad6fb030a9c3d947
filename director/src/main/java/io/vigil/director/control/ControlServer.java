package io.vigil.director.control;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.DomainSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.string.StringDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's Unix control socket ({@code STATE_DIR/control}, mode 0600). A client sends one request line
 * and reads the reply until the daemon closes the connection. Runs on the director's own event loop.
 */
public final class ControlServer implements AutoCloseable {

    /** The socket's file name inside the state directory. */
    public static final String SOCKET_NAME = "control";
    private static final int MAX_REQUEST = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

    private final Path socketPath;
    private final Channel channel;

    private ControlServer(Path socketPath, Channel channel) {
        this.socketPath = socketPath;
        this.channel = channel;
    }

    /**
     * Binds the socket in {@code stateDir} (created 0700 beforehand by the caller) and serves requests.
     *
     * @throws IOException when the socket cannot be bound
     */
    public static ControlServer start(Path stateDir, EventLoopGroup group, ControlHandler handler) throws IOException {
        Path path = stateDir.resolve(SOCKET_NAME);
        Files.deleteIfExists(path);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(EpollServerDomainSocketChannel.class)
                .childHandler(new ChannelInitializer<DomainSocketChannel>() {
                    @Override
                    protected void initChannel(DomainSocketChannel ch) {
                        ch.pipeline().addLast(new LineBasedFrameDecoder(MAX_REQUEST),
                                new StringDecoder(StandardCharsets.UTF_8), new RequestHandler(handler));
                    }
                });
        try {
            Channel channel = bootstrap.bind(new DomainSocketAddress(path.toString())).sync().channel();
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            return new ControlServer(path, channel);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding the control socket " + path, e);
        } catch (Exception e) {
            throw new IOException("cannot bind the control socket " + path + ": " + e.getMessage(), e);
        }
    }

    /** Where the socket is. */
    public Path socketPath() {
        return socketPath;
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        try {
            Files.deleteIfExists(socketPath);
        } catch (IOException e) {
            LOG.warn("cannot remove control socket {}: {}", socketPath, e.getMessage());
        }
    }

    /** One request per connection: answer it, then close. */
    private static final class RequestHandler extends SimpleChannelInboundHandler<String> {

        private final ControlHandler handler;

        RequestHandler(ControlHandler handler) {
            this.handler = handler;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, String line) {
            List<String> words = Arrays.stream(line.strip().split("\\s+")).filter(w -> !w.isEmpty()).toList();
            handler.handle(words).whenComplete((reply, failure) -> {
                ControlReply answer = failure == null ? reply
                        : ControlReply.error("the daemon failed to answer '" + line.strip() + "': " + failure.getMessage());
                ctx.writeAndFlush(Unpooled.copiedBuffer(answer.encode(), StandardCharsets.UTF_8))
                        .addListener(ChannelFutureListener.CLOSE);
            });
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            String message = cause instanceof TooLongFrameException
                    ? "request longer than " + MAX_REQUEST + " bytes" : cause.getMessage();
            ctx.writeAndFlush(Unpooled.copiedBuffer(ControlReply.error(message).encode(), StandardCharsets.UTF_8))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }
}
