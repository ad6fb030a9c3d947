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
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    /**
     * @param bindings the running bindings by instance name
     * @param replaced the bindings an in-place update is replacing (while it runs): VIPs it releases are found there
     */
    ActionExecutor(Map<String, InstanceBinding> bindings, Map<String, InstanceBinding> replaced,
                   Map<String, AdvertSocket> sockets,
                   Map<String, InstanceStats> counters, VipOwner vipOwner, NotifySink notifySink,
                   InstanceTimers timers) {
        this.bindings = bindings;
        this.replaced = replaced;
        this.sockets = sockets;
        this.counters = counters;
        this.vipOwner = vipOwner;
        this.notifySink = notifySink;
        this.timers = timers;
    }

    void execute(VrrpAction action) throws LinuxException {
        String name = action.instance();
        switch (action) {
            case SendAdvert s -> {
                AdvertSocket sender = sockets.get(name);
                if (sender != null && sender.send(s.priority()) > 0) {
                    counters.get(name).increment(VrrpCounter.ADVERT_SENT);
                    if (s.priority() == 0) {
                        counters.get(name).increment(VrrpCounter.PRI_ZERO_SENT);
                    }
                }
            }
            case AddVips a -> {
                LOG.info("({}) setting VIPs.", name);
                vipOwner.add(vipsOf(name, a.addresses()));
            }
            case RemoveVips r -> {
                LOG.info("({}) removing VIPs.", name);
                vipOwner.remove(vipsOf(name, r.addresses()));
            }
            case SendGratuitous g -> {
                Map<String, List<InetAddress>> byDevice = new LinkedHashMap<>();
                for (Vip vip : vipsOf(name, g.addresses())) {
                    byDevice.computeIfAbsent(vip.device(), d -> new ArrayList<>()).add(vip.address());
                }
                byDevice.forEach((device, addresses) -> vipOwner.announce(device, addresses, g.repeat()));
            }
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

    private List<Vip> vipsOf(String instance, List<InetAddress> addresses) {
        List<Vip> configured = new ArrayList<>(bindings.get(instance).vips());
        InstanceBinding before = replaced.get(instance);
        if (before != null) {
            configured.addAll(before.vips());
        }
        List<Vip> out = new ArrayList<>(addresses.size());
        for (InetAddress a : addresses) {
            configured.stream().filter(v -> v.address().equals(a)).findFirst()
                    .ifPresentOrElse(out::add, () -> out.add(Vip.host(a, bindings.get(instance).interfaceName())));
        }
        return out;
    }

}
