package io.vigil.vrrp.io;

import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import java.util.concurrent.CompletableFuture;

/**
 * A file descriptor that Vigil owns (a raw socket, a netlink socket), registered with a Netty epoll
 * {@code IoEventLoop} for readability (ffm-feasibility Q5). The callback runs on the loop thread and must read
 * until EAGAIN: the registration is level-triggered, so anything left just fires again.
 *
 * <p>Closing the registration does not close the descriptor; its owner does.
 */
final class ReadableFd implements EpollIoHandle {

    private final FileDescriptor fd;
    private final Runnable onReadable;

    ReadableFd(int fd, Runnable onReadable) {
        this.fd = new FileDescriptor(fd);
        this.onReadable = onReadable;
    }

    /**
     * Registers {@code fd} with {@code loop} for readability (EPOLLIN, level-triggered). Call it off the loop and
     * join the result: it completes with the registration, whose {@code cancel()} undoes it.
     */
    static CompletableFuture<IoRegistration> register(IoEventLoop loop, int fd, Runnable onReadable) {
        CompletableFuture<IoRegistration> registered = new CompletableFuture<>();
        loop.register(new ReadableFd(fd, onReadable)).addListener(f -> {
            if (f.isSuccess()) {
                IoRegistration registration = (IoRegistration) f.getNow();
                registration.submit(EpollIoOps.EPOLLIN);
                registered.complete(registration);
            } else {
                registered.completeExceptionally(f.cause());
            }
        });
        return registered;
    }

    @Override
    public FileDescriptor fd() {
        return fd;
    }

    @Override
    public void handle(IoRegistration registration, IoEvent event) {
        onReadable.run();
    }

    @Override
    public void close() {
        // The owner of the descriptor closes it.
    }
}
