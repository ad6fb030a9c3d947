package io.vigil.vrrp.io;

import io.netty.util.NetUtil;
import io.vigil.dataplane.linux.LinuxException;
import io.vigil.vrrp.fsm.AddVips;
import io.vigil.vrrp.fsm.CancelTimer;
import io.vigil.vrrp.fsm.LogTransition;
import io.vigil.vrrp.fsm.MasterRxLowerPriority;
import io.vigil.vrrp.fsm.PriorityChanged;
import io.vigil.vrrp.fsm.RemoveVips;
import io.vigil.vrrp.fsm.RunNotify;
import io.vigil.vrrp.fsm.ScheduleTimer;
import io.vigil.vrrp.fsm.SendAdvert;
import io.vigil.vrrp.fsm.SendGratuitous;
import io.vigil.vrrp.fsm.VrrpAction;
import io.vigil.vrrp.fsm.VrrpState;
import io.vigil.vrrp.fsm.GarpSpec;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the state machines' actions for the VRRP loop: adverts through each instance's {@link AdvertSocket},
 * VIPs through the {@link VipOwner}, timers, notify scripts, counters and the transition log. It reads the loop's
 * live maps (instances come and go on reload).
 *
 * <p>Threading: the VRRP loop thread only.
 */
final class ActionExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(VrrpLoop.class);

    private final Map<String, InstanceBinding> bindings;
    private final Map<String, InstanceBinding> replaced;
    private final Map<String, AdvertSocket> sockets;
    private final Map<String, InstanceStats> counters;
    private final VipOwner vipOwner;
    private final NotifySink notifySink;
    private final InstanceTimers timers;
    private final GarpPacer garps;

    /**
     * @param bindings the running bindings by instance name
     * @param replaced the bindings an in-place update is replacing (while it runs): VIPs it releases are found there
     */
    ActionExecutor(Map<String, InstanceBinding> bindings, Map<String, InstanceBinding> replaced,
                   Map<String, AdvertSocket> sockets,
                   Map<String, InstanceStats> counters, VipOwner vipOwner, NotifySink notifySink,
                   InstanceTimers timers, GarpPacer garps) {
        this.bindings = bindings;
        this.replaced = replaced;
        this.sockets = sockets;
        this.counters = counters;
        this.vipOwner = vipOwner;
        this.notifySink = notifySink;
        this.timers = timers;
        this.garps = garps;
    }

    void execute(VrrpAction action) throws LinuxException {
        String name = action.instance();
        switch (action) {
            case SendAdvert s -> {
                AdvertSocket sender = sockets.get(name);
                if (sender != null && sender.send(s.priority()) > 0) {
                    InstanceStats stats = counters.get(name);
                    if (stats.trace().active()) {
                        stats.trace().advertSent(System.nanoTime());
                    }
                    stats.increment(VrrpCounter.ADVERT_SENT);
                    if (s.priority() == 0) {
                        counters.get(name).increment(VrrpCounter.PRI_ZERO_SENT);
                    }
                }
            }
            case AddVips a -> {
                LOG.info("({}) setting VIPs.", name);
                vipOwner.add(vipsOf(name, a.addresses()));
                counters.get(name).trace().vipsAdded(System.nanoTime());
            }
            case RemoveVips r -> {
                LOG.info("({}) removing VIPs.", name);
                garps.cancel(name);
                vipOwner.remove(vipsOf(name, r.addresses()));
            }
            case SendGratuitous g -> announce(name, g);
            case ScheduleTimer t -> timers.schedule(name, t.kind(), t.atNanos());
            case CancelTimer t -> timers.cancel(name, t.kind());
            case RunNotify n -> notifySink.stateChanged(name, n.state(), n.priority());
            case LogTransition l -> {
                LOG.info("({}) Entering {} STATE ({})", name, l.to(), l.reason());
                counters.get(name).state(l.to());
                if (l.to() == VrrpState.MASTER) {
                    counters.get(name).increment(VrrpCounter.BECOME_MASTER);
                } else if (l.from() == VrrpState.MASTER) {
                    counters.get(name).increment(VrrpCounter.RELEASE_MASTER);
                }
            }
            case PriorityChanged p -> {
                LOG.info("({}) effective priority {} -> {}", name, p.from(), p.to());
                counters.get(name).effectivePriority(p.to());
            }
            case MasterRxLowerPriority m -> LOG.info("({}) received lower priority advert ({}) from {}", name,
                    m.priority(), NetUtil.toAddressString(m.source()));
        }
    }

    /** The VIPs of one device and address family: announcements are paced per pair. */
    private static final class Burst {
        final String device;
        final boolean ipv6;
        final List<InetAddress> addresses = new ArrayList<>();

        Burst(String device, boolean ipv6) {
            this.device = device;
            this.ipv6 = ipv6;
        }
    }

    /**
     * One paced burst per device and family, as keepalived paces per interface (keepalived.md §2.10). Plain loops,
     * no lambda: this runs for the first time on the takeover path.
     */
    private void announce(String name, SendGratuitous g) {
        List<Burst> bursts = new ArrayList<>(1);
        for (Vip vip : vipsOf(name, g.addresses())) {
            boolean ipv6 = vip.address() instanceof Inet6Address;
            Burst burst = null;
            for (Burst b : bursts) {
                if (b.ipv6 == ipv6 && b.device.equals(vip.device())) {
                    burst = b;
                }
            }
            if (burst == null) {
                burst = new Burst(vip.device(), ipv6);
                bursts.add(burst);
            }
            burst.addresses.add(vip.address());
        }
        GarpSpec spec = bindings.get(name).spec().garp();
        InstanceStats stats = counters.get(name);
        for (Burst b : bursts) {
            garps.announce(name, b.device, b.addresses, g.repeat(), spec.intervalNanos(b.ipv6), stats);
        }
    }

    private List<Vip> vipsOf(String instance, List<InetAddress> addresses) {
        List<Vip> configured = new ArrayList<>(bindings.get(instance).vips());
        InstanceBinding before = replaced.get(instance);
        if (before != null) {
            configured.addAll(before.vips());
        }
        List<Vip> out = new ArrayList<>(addresses.size());
        for (InetAddress a : addresses) {
            Vip found = null;
            for (Vip v : configured) {
                if (found == null && v.address().equals(a)) {
                    found = v;
                }
            }
            out.add(found != null ? found : Vip.host(a, bindings.get(instance).interfaceName()));
        }
        return out;
    }

}
