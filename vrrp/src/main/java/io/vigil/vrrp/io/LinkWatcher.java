package io.vigil.vrrp.io;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoOps;
import io.vigil.dataplane.linux.LinuxException;
import io.vigil.dataplane.linux.Rtnetlink;
import io.vigil.dataplane.linux.RtnetlinkSubscription;
import io.vigil.dataplane.linux.netlink.Link;
import io.vigil.dataplane.linux.netlink.LinkChanged;
import io.vigil.dataplane.linux.netlink.LinkRemoved;
import io.vigil.dataplane.linux.netlink.ResyncNeeded;
import io.vigil.dataplane.linux.netlink.RtnetlinkEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds {@code track_interface} (and each instance's own interface) from rtnetlink link announcements: the
 * subscription socket is registered on the VRRP loop, and a change of an interface's usable state (admin up,
 * carrier, operstate) becomes {@link VrrpLoop#interfaceChanged}. After an overrun (ENOBUFS) the links are listed
 * again so no change is lost.
 *
 * <p>Threading: the state map is touched on the VRRP loop only.
 */
public final class LinkWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LinkWatcher.class);

    private final RtnetlinkSubscription subscription;
    private final Rtnetlink rtnetlink;
    private final VrrpLoop vrrp;
    private final Map<String, Boolean> up = new HashMap<>();
    private IoRegistration registration;

    private LinkWatcher(RtnetlinkSubscription subscription, Rtnetlink rtnetlink, VrrpLoop vrrp) {
        this.subscription = subscription;
        this.rtnetlink = rtnetlink;
        this.vrrp = vrrp;
    }

    /**
     * Subscribes (in the calling thread's namespace) and returns the watcher with the current state of every link,
     * to pass to {@link VrrpLoop#start}.
     */
    public static LinkWatcher open(IoEventLoop loop, VrrpLoop vrrp) throws LinuxException {
        RtnetlinkSubscription subscription = RtnetlinkSubscription.open();
        Rtnetlink rtnetlink;
        try {
            rtnetlink = Rtnetlink.open();
        } catch (LinuxException e) {
            subscription.close();
            throw e;
        }
        LinkWatcher watcher = new LinkWatcher(subscription, rtnetlink, vrrp);
        for (Link link : rtnetlink.links()) {
            watcher.up.put(link.name(), link.up());
        }
        CompletableFuture<Void> registered = new CompletableFuture<>();
        loop.register(new ReadableFd(subscription.fd(), watcher::drain)).addListener(f -> {
            if (f.isSuccess()) {
                watcher.registration = (IoRegistration) f.getNow();
                watcher.registration.submit(EpollIoOps.EPOLLIN);
                registered.complete(null);
            } else {
                registered.completeExceptionally(f.cause());
            }
        });
        registered.join();
        return watcher;
    }

    /** Each link's usable state as listed at open. */
    public Map<String, Boolean> initialStates() {
        return Map.copyOf(up);
    }

    private void drain() {
        try {
            subscription.drain(this::onEvent);
        } catch (LinuxException e) {
            LOG.warn("reading link announcements: {}", e.getMessage());
        }
    }

    private void onEvent(RtnetlinkEvent event) {
        switch (event) {
            case LinkChanged changed -> update(changed.link().name(), changed.link().up());
            case LinkRemoved removed -> update(removed.link().name(), false);
            case ResyncNeeded resync -> {
                LOG.warn("link announcements overran ({}); listing links again", resync.reason());
                try {
                    for (Link link : rtnetlink.links()) {
                        update(link.name(), link.up());
                    }
                } catch (LinuxException e) {
                    LOG.error("listing links after an overrun: {}", e.getMessage());
                }
            }
            default -> { }
        }
    }

    private void update(String name, boolean nowUp) {
        Boolean before = up.put(name, nowUp);
        if (before == null || before != nowUp) {
            LOG.info("Netlink reports {} {}", name, nowUp ? "up" : "down");
            vrrp.interfaceChanged(name, nowUp);
        }
    }

    @Override
    public void close() {
        if (registration != null) {
            registration.cancel();
        }
        try {
            subscription.close();
        } catch (LinuxException e) {
            LOG.warn("closing the link subscription: {}", e.getMessage());
        }
        try {
            rtnetlink.close();
        } catch (LinuxException e) {
            LOG.warn("closing rtnetlink: {}", e.getMessage());
        }
    }
}
