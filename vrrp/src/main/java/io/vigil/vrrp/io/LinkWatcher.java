package io.vigil.vrrp.io;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.vigil.dataplane.linux.LinuxException;
import io.vigil.dataplane.linux.Rtnetlink;
import io.vigil.dataplane.linux.RtnetlinkSubscription;
import io.vigil.dataplane.linux.netlink.AddressAdded;
import io.vigil.dataplane.linux.netlink.AddressRemoved;
import io.vigil.dataplane.linux.netlink.IfAddress;
import io.vigil.dataplane.linux.netlink.Link;
import io.vigil.dataplane.linux.netlink.LinkChanged;
import io.vigil.dataplane.linux.netlink.LinkRemoved;
import io.vigil.dataplane.linux.netlink.ResyncNeeded;
import io.vigil.dataplane.linux.netlink.RtnetlinkEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds {@code track_interface} (and each instance's own interface) from rtnetlink link announcements: the
 * subscription socket is registered on the VRRP loop, and a change of an interface's usable state (admin up,
 * carrier, operstate) becomes {@link VrrpLoop#interfaceChanged}. It also follows every interface's addresses
 * (RTM_NEWADDR/RTM_DELADDR, including the flag change when IPv6 duplicate address detection ends) and hands the
 * current list to {@link VrrpLoop#addressesChanged} when it changes or the link comes up, so advert sockets open
 * once their source address is usable. After an overrun (ENOBUFS) links and addresses are listed again so no change
 * is lost.
 *
 * <p>Threading: the maps are filled in {@link #open} and then touched on the VRRP loop only.
 */
public final class LinkWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LinkWatcher.class);

    private final RtnetlinkSubscription subscription;
    private final Rtnetlink rtnetlink;
    private final VrrpLoop vrrp;
    private final Map<String, Boolean> up = new HashMap<>();
    private final Map<Integer, String> names = new HashMap<>();
    private final Map<Integer, List<IfAddress>> addresses = new HashMap<>();
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
        try {
            for (Link link : rtnetlink.links()) {
                watcher.up.put(link.name(), link.up());
            }
            watcher.listAddresses();
        } catch (LinuxException e) {
            watcher.close();
            throw e;
        }
        try {
            watcher.registration = ReadableFd.register(loop, subscription.fd(), watcher::drain).join();
        } catch (RuntimeException e) {
            watcher.close();
            throw e;
        }
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
            case LinkChanged changed -> update(changed.link());
            case LinkRemoved removed -> {
                update(removed.link().name(), false);
                names.remove(removed.link().index());
                addresses.remove(removed.link().index());
            }
            case AddressAdded added -> {
                List<IfAddress> list = addresses.computeIfAbsent(added.address().index(), i -> new ArrayList<>());
                int at = indexOf(list, added.address());
                if (at >= 0) {
                    list.set(at, added.address());
                } else {
                    list.add(added.address());
                }
                addressesChanged(added.address().index());
            }
            case AddressRemoved removed -> {
                List<IfAddress> list = addresses.getOrDefault(removed.address().index(), new ArrayList<>());
                int at = indexOf(list, removed.address());
                if (at >= 0) {
                    list.remove(at);
                }
                addressesChanged(removed.address().index());
            }
            case ResyncNeeded resync -> {
                LOG.warn("link announcements overran ({}); listing links and addresses again", resync.reason());
                try {
                    for (Link link : rtnetlink.links()) {
                        update(link);
                    }
                    listAddresses();
                } catch (LinuxException e) {
                    LOG.error("listing links after an overrun: {}", e.getMessage());
                }
            }
        }
    }

    private void update(Link link) {
        names.put(link.index(), link.name());
        boolean cameUp = update(link.name(), link.up());
        if (cameUp) {
            addressesChanged(link.index()); // a bind that failed while the link was down may work now
        }
    }

    /** Lists every address again and hands each link's list to the VRRP loop. */
    private void listAddresses() throws LinuxException {
        for (Link link : rtnetlink.links()) {
            names.put(link.index(), link.name());
            addresses.put(link.index(), new ArrayList<>());
        }
        for (IfAddress a : rtnetlink.addresses()) {
            addresses.computeIfAbsent(a.index(), i -> new ArrayList<>()).add(a);
        }
        for (int index : names.keySet()) {
            addressesChanged(index);
        }
    }

    private void addressesChanged(int index) {
        String name = names.get(index);
        if (name != null) {
            vrrp.addressesChanged(name, addresses.getOrDefault(index, List.of()));
        }
    }

    private static int indexOf(List<IfAddress> list, IfAddress address) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).address().equals(address.address()) && list.get(i).prefixLength() == address.prefixLength()) {
                return i;
            }
        }
        return -1;
    }

    /** Records a link's state; true if it came up. */
    private boolean update(String name, boolean nowUp) {
        Boolean before = up.put(name, nowUp);
        if (before == null || before != nowUp) {
            LOG.info("Netlink reports {} {}", name, nowUp ? "up" : "down");
            vrrp.interfaceChanged(name, nowUp);
            return nowUp;
        }
        return false;
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
