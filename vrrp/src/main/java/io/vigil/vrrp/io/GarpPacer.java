package io.vigil.vrrp.io;

import io.netty.util.NetUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a burst of gratuitous ARPs / unsolicited NAs as keepalived does (vrrp.c {@code vrrp_send_link_update},
 * vrrp_arp.c; keepalived.md §2.10): {@code repeat} rounds of one message per address, the rounds
 * {@code vrrp_garp_interval} (IPv4) or {@code vrrp_gna_interval} (IPv6) apart, or back to back when that is 0. The
 * first round goes out at once, after the VIPs were added, so the takeover is not delayed; the rest are timers on
 * the VRRP loop. An instance that leaves MASTER cancels what is still pending ({@link #cancel}): no announcement
 * goes out for an address it no longer holds.
 *
 * <p>The first round runs no lambda and no stream: code linked for the first time costs milliseconds on the
 * takeover path.
 *
 * <p>Threading: the VRRP loop thread only; the rounds run there.
 */
final class GarpPacer {

    private static final Logger LOG = LoggerFactory.getLogger(GarpPacer.class);

    private final EventExecutor loop;
    private final VipOwner owner;
    /** Each instance's pending rounds. */
    private final Map<String, List<ScheduledFuture<?>>> pending = new HashMap<>();

    GarpPacer(EventExecutor loop, VipOwner owner) {
        this.loop = loop;
        this.owner = owner;
    }

    /**
     * Announces {@code addresses} (one family, on {@code device}) {@code repeat} times, {@code intervalNanos} apart.
     */
    void announce(String instance, String device, List<InetAddress> addresses, int repeat, long intervalNanos,
                  InstanceStats stats) {
        if (repeat <= 0 || addresses.isEmpty()) {
            return;
        }
        boolean ipv4 = addresses.getFirst() instanceof Inet4Address;
        int now = intervalNanos == 0 ? repeat : 1;
        owner.announce(device, addresses, now);
        stats.announced(instance, System.nanoTime());
        for (InetAddress address : addresses) {
            LOG.info(ipv4 ? "({}) Sending gratuitous ARP on {} for {}" : "({}) Sending unsolicited Neighbour Advert on {} for {}",
                    instance, device, NetUtil.toAddressString(address));
        }
        if (now == repeat) {
            return;
        }
        List<ScheduledFuture<?>> rounds = pending.computeIfAbsent(instance, i -> new ArrayList<>());
        rounds.removeIf(java.util.concurrent.Future::isDone);
        for (int round = 1; round < repeat - now + 1; round++) {
            ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
            self[0] = loop.schedule(() -> {
                rounds.remove(self[0]);
                owner.announce(device, addresses, 1);
            }, round * intervalNanos, TimeUnit.NANOSECONDS);
            rounds.add(self[0]);
        }
    }

    /** Drops the rounds of {@code instance} not sent yet. */
    void cancel(String instance) {
        List<ScheduledFuture<?>> rounds = pending.remove(instance);
        if (rounds != null) {
            rounds.forEach(f -> f.cancel(false));
        }
    }

    /** Drops every pending round. */
    void cancelAll() {
        List.copyOf(pending.keySet()).forEach(this::cancel);
    }
}
