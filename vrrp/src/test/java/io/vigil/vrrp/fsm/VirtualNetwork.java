package io.vigil.vrrp.fsm;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test event loop on a virtual clock: runs instances (standalone or in sync groups), turns ScheduleTimer actions
 * into TimerExpired events at the right virtual time, and delivers each SendAdvert to every other instance with the
 * same VRID (zero latency) unless the link is cut. Records every action.
 */
final class VirtualNetwork {

    private final Map<String, VrrpInstance> standalone = new LinkedHashMap<>();
    private final Map<String, SyncGroup> groupOf = new LinkedHashMap<>();
    private final Map<String, VrrpInstance> all = new LinkedHashMap<>();
    private final Map<String, EnumMap<TimerKind, Long>> timers = new LinkedHashMap<>();
    private final Deque<Object[]> deliveries = new ArrayDeque<>();
    private final List<VrrpAction> log = new ArrayList<>();
    private long now;
    private boolean cut;

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    VrrpInstance add(InstanceSpec spec) {
        VrrpInstance i = new VrrpInstance(spec);
        standalone.put(spec.name(), i);
        all.put(spec.name(), i);
        timers.put(spec.name(), new EnumMap<>(TimerKind.class));
        return i;
    }

    SyncGroup add(SyncGroup group) {
        for (VrrpInstance m : group.members()) {
            groupOf.put(m.name(), group);
            all.put(m.name(), m);
            timers.put(m.name(), new EnumMap<>(TimerKind.class));
        }
        return group;
    }

    VrrpInstance instance(String name) {
        return all.get(name);
    }

    long now() {
        return now;
    }

    /** All actions so far. */
    List<VrrpAction> log() {
        return log;
    }

    /** Actions logged from index {@code from} on. */
    List<VrrpAction> since(int from) {
        return List.copyOf(log.subList(from, log.size()));
    }

    void cutLink(boolean cutLink) {
        this.cut = cutLink;
    }

    /** Delivers {@code event} to {@code instance} now, then every advert that results. Returns its own actions. */
    List<VrrpAction> send(String instance, VrrpEvent event) {
        int mark = log.size();
        dispatch(instance, event);
        while (!deliveries.isEmpty()) {
            Object[] d = deliveries.poll();
            dispatch((String) d[0], (VrrpEvent) d[1]);
        }
        return since(mark);
    }

    void startAll() {
        for (String name : all.keySet()) {
            send(name, new Startup());
        }
    }

    /** Advances the clock to {@code until}, firing due timers in time order. */
    void runUntil(long until) {
        while (true) {
            String who = null;
            TimerKind kind = null;
            long at = Long.MAX_VALUE;
            for (var e : timers.entrySet()) {
                for (var t : e.getValue().entrySet()) {
                    if (t.getValue() < at) {
                        at = t.getValue();
                        who = e.getKey();
                        kind = t.getKey();
                    }
                }
            }
            if (who == null || at > until) {
                break;
            }
            now = Math.max(now, at);
            timers.get(who).remove(kind);
            send(who, new TimerExpired(kind));
        }
        now = Math.max(now, until);
    }

    void runFor(long nanos) {
        runUntil(now + nanos);
    }

    private void dispatch(String instance, VrrpEvent event) {
        SyncGroup g = groupOf.get(instance);
        List<VrrpAction> actions = g != null ? g.onEvent(now, instance, event)
                : standalone.get(instance).onEvent(now, event);
        for (VrrpAction a : actions) {
            log.add(a);
            switch (a) {
                case ScheduleTimer s -> timers.get(s.instance()).put(s.kind(), s.atNanos());
                case CancelTimer c -> timers.get(c.instance()).remove(c.kind());
                case SendAdvert s -> {
                    if (!cut) {
                        InstanceSpec from = all.get(s.instance()).spec();
                        for (VrrpInstance to : all.values()) {
                            if (to.spec().virtualRouterId() == from.virtualRouterId() && to != all.get(s.instance())) {
                                deliveries.add(new Object[] {to.name(), new AdvertReceived(from.primaryAddress(),
                                        s.priority(), from.advertIntervalCentis())});
                            }
                        }
                    }
                }
                default -> {
                }
            }
        }
    }
}
