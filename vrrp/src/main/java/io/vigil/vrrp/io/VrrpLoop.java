package io.vigil.vrrp.io;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.util.NetUtil;
import io.vigil.dataplane.linux.LinuxException;
import io.vigil.dataplane.linux.netlink.IfAddress;
import io.vigil.vrrp.fsm.AddVips;
import io.vigil.vrrp.fsm.AdvertReceived;
import io.vigil.vrrp.fsm.CancelTimer;
import io.vigil.vrrp.fsm.InstanceSpec;
import io.vigil.vrrp.fsm.LogTransition;
import io.vigil.vrrp.fsm.MasterRxLowerPriority;
import io.vigil.vrrp.fsm.PriorityChanged;
import io.vigil.vrrp.fsm.RemoveVips;
import io.vigil.vrrp.fsm.RunNotify;
import io.vigil.vrrp.fsm.ScheduleTimer;
import io.vigil.vrrp.fsm.SendAdvert;
import io.vigil.vrrp.fsm.SendGratuitous;
import io.vigil.vrrp.fsm.Shutdown;
import io.vigil.vrrp.fsm.SourceAddressChanged;
import io.vigil.vrrp.fsm.Startup;
import io.vigil.vrrp.fsm.SyncGroup;
import io.vigil.vrrp.fsm.TimerExpired;
import io.vigil.vrrp.fsm.TrackedFileChanged;
import io.vigil.vrrp.fsm.TrackerChanged;
import io.vigil.vrrp.fsm.TrackerKind;
import io.vigil.vrrp.fsm.TrackerSpec;
import io.vigil.vrrp.fsm.VrrpAction;
import io.vigil.vrrp.fsm.VrrpEvent;
import io.vigil.vrrp.fsm.VrrpInstance;
import io.vigil.vrrp.fsm.VrrpState;
import io.vigil.vrrp.wire.AdvertProfile;
import io.vigil.vrrp.wire.AdvertValidator;
import io.vigil.vrrp.wire.IpFamily;
import io.vigil.vrrp.wire.VrrpCheck;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every VRRP instance of the daemon on one Netty {@code IoEventLoop}: the raw sockets are registered as
 * {@code EpollIoHandle}s, the state machines' timers are scheduled on the same loop, and the actions they return
 * are carried out here, in order (DESIGN.md "VRRP"). Nothing else runs on this thread: scripts, health checks and
 * metrics live elsewhere and talk to it through {@link #scriptChanged}, {@link #fileChanged},
 * {@link #interfaceChanged}, {@link #addressesChanged} and {@link #status()}, which hop onto the loop. An instance
 * whose source address is not usable yet starts (and waits) in FAULT through an unweighted tracker named
 * {@code <interface>/address} that follows its {@link AdvertSocket}.
 *
 * <p>Threading: single writer; every field is touched on the loop thread only, except the immutable maps built in
 * the constructor and the atomic counters.
 */
public final class VrrpLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VrrpLoop.class);

    private final IoEventLoop loop;
    private final VipOwner vipOwner;
    private final NotifySink notifySink;
    private final Map<String, InstanceBinding> bindings = new LinkedHashMap<>();
    private final Map<String, VrrpInstance> instances = new LinkedHashMap<>();
    private final Map<String, SyncGroup> groupOf = new HashMap<>();
    private final Map<String, InstanceStats> counters = new LinkedHashMap<>();
    private final Map<String, AdvertSocket> sockets = new HashMap<>();
    private final List<AdvertReceiver> receivers = new ArrayList<>();
    /** Each receiver's instances by VRID, so an advert finds its instance without building a key. */
    private final Map<AdvertReceiver, Map<Integer, String>> instanceByVrid = new HashMap<>();
    private final InstanceTimers timers;
    private final List<IoRegistration> registrations = new ArrayList<>();
    private final long epochNanosOffset = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
    private boolean running;

    private VrrpLoop(IoEventLoop loop, VipOwner vipOwner, NotifySink notifySink) {
        this.loop = loop;
        this.vipOwner = vipOwner;
        this.notifySink = notifySink;
        this.timers = new InstanceTimers(loop, (instance, kind) -> {
            if (running) {
                dispatch(System.nanoTime(), instance, new TimerExpired(kind));
            }
        });
    }

    /**
     * Opens the sockets of every instance (in the calling thread's network namespace) and registers them with
     * {@code loop}. Nothing is sent until {@link #start}.
     *
     * @param syncGroups group name to member instance names
     * @throws LinuxException when a socket cannot be opened (no CAP_NET_RAW, missing interface, ...); a source
     *                        address that is missing or tentative is not an error (see {@link AdvertSocket})
     */
    public static VrrpLoop open(IoEventLoop loop, List<InstanceBinding> bindings, Map<String, List<String>> syncGroups,
                                VipOwner vipOwner, NotifySink notifySink) throws LinuxException {
        VrrpLoop vrrp = new VrrpLoop(loop, vipOwner, notifySink);
        try {
            vrrp.build(bindings, syncGroups);
            vrrp.register();
        } catch (LinuxException | RuntimeException e) {
            vrrp.closeSockets();
            throw e;
        }
        return vrrp;
    }

    private void build(List<InstanceBinding> list, Map<String, List<String>> syncGroups) throws LinuxException {
        Map<String, List<AdvertProfile>> profilesByReceiver = new LinkedHashMap<>();
        Map<String, Map<Integer, String>> vridsByReceiver = new HashMap<>();
        for (InstanceBinding configured : list) {
            InstanceBinding b = withAddressTracker(configured);
            if (bindings.put(b.name(), b) != null) {
                throw new IllegalArgumentException("vrrp_instance " + b.name() + " defined twice");
            }
            counters.put(b.name(), new InstanceStats(b.spec().basePriority()));
            String key = receiverKey(b.interfaceName(), b.profile().family());
            profilesByReceiver.computeIfAbsent(key, k -> new ArrayList<>()).add(b.profile());
            String previous = vridsByReceiver.computeIfAbsent(key, k -> new HashMap<>())
                    .put(b.profile().virtualRouterId(), b.name());
            if (previous != null) {
                throw new IllegalArgumentException("vrrp_instance " + b.name() + " and " + previous + " both use VRID "
                        + b.profile().virtualRouterId() + " on " + b.interfaceName() + " (" + b.profile().family() + ")");
            }
            AdvertSocket socket = new AdvertSocket(b.name(), b.interfaceName(), new AdvertSourceRule(b.profile().family(),
                    b.sourceFollowsInterface() ? null : b.spec().primaryAddress()), b.spec().primaryAddress(),
                    source -> new AdvertSender(b.interfaceName(), source, b.profile()));
            sockets.put(b.name(), socket);
            socket.openAtStartup();
        }
        for (Map.Entry<String, List<String>> group : syncGroups.entrySet()) {
            List<InstanceSpec> specs = new ArrayList<>();
            for (String member : group.getValue()) {
                InstanceBinding b = bindings.get(member);
                if (b == null) {
                    throw new IllegalArgumentException("vrrp_sync_group " + group.getKey() + " names unknown instance " + member);
                }
                specs.add(b.spec());
            }
            SyncGroup syncGroup = new SyncGroup(group.getKey(), specs);
            for (VrrpInstance member : syncGroup.members()) {
                groupOf.put(member.name(), syncGroup);
                instances.put(member.name(), member);
            }
        }
        for (InstanceBinding b : bindings.values()) {
            instances.computeIfAbsent(b.name(), n -> new VrrpInstance(b.spec()));
        }
        for (Map.Entry<String, List<AdvertProfile>> e : profilesByReceiver.entrySet()) {
            String[] parts = e.getKey().split("/", 2);
            AdvertReceiver receiver = new AdvertReceiver(parts[1], IpFamily.valueOf(parts[0]), e.getValue());
            receivers.add(receiver);
            instanceByVrid.put(receiver, vridsByReceiver.get(e.getKey()));
        }
    }

    private static InstanceBinding withAddressTracker(InstanceBinding b) {
        List<TrackerSpec> trackers = new ArrayList<>(b.spec().trackers());
        trackers.add(TrackerSpec.unweighted(AdvertSocket.trackerName(b.interfaceName()), TrackerKind.INTERFACE));
        return b.withSpec(b.spec().withTrackers(trackers));
    }

    private static String receiverKey(String interfaceName, IpFamily family) {
        return family.name() + "/" + interfaceName;
    }

    private void register() {
        for (AdvertReceiver receiver : receivers) {
            AdvertReceiver.Sink sink = new AdvertReceiver.Sink() {
                @Override
                public void accepted(AdvertValidator v) {
                    onAdvert(receiver, v);
                }

                @Override
                public void rejected(VrrpCheck check, AdvertProfile profile, AdvertValidator v) {
                    onRejected(receiver, check, profile, v);
                }
            };
            registrations.add(ReadableFd.register(loop, receiver.fd(), () -> drain(receiver, sink)).join());
        }
    }

    /**
     * Starts every instance: the initial tracker states first, then {@link Startup}.
     *
     * @param interfaceUp state of every interface named by a {@code track_interface} (missing = up)
     * @param scriptOk    initial state of every {@code vrrp_script} (missing = ok)
     */
    public CompletableFuture<Void> start(Map<String, Boolean> interfaceUp, Map<String, Boolean> scriptOk) {
        return onLoop(() -> {
            running = true;
            long now = System.nanoTime();
            for (VrrpInstance instance : instances.values()) {
                for (TrackerSpec t : instance.spec().trackers()) {
                    switch (t.kind()) {
                        case INTERFACE -> dispatch(now, instance.name(), new TrackerChanged(t.name(), interfaceUp.getOrDefault(t.name(), true)));
                        case SCRIPT -> dispatch(now, instance.name(), new TrackerChanged(t.name(), scriptOk.getOrDefault(t.name(), true)));
                        case FILE -> { }
                    }
                }
                AdvertSocket socket = sockets.get(instance.name());
                socketChanged(now, instance.name(), socket.usable(), socket.source());
            }
            for (VrrpInstance instance : instances.values()) {
                dispatch(now, instance.name(), new Startup());
            }
            return null;
        });
    }

    /** A {@code vrrp_script}'s rise/fall-filtered state changed. */
    public void scriptChanged(String script, boolean ok) {
        trackerChanged(TrackerKind.SCRIPT, script, ok);
    }

    /** An interface went up or down (netlink). */
    public void interfaceChanged(String interfaceName, boolean up) {
        trackerChanged(TrackerKind.INTERFACE, interfaceName, up);
    }

    /**
     * The addresses of {@code interfaceName} changed, or its link came up (netlink): the advert sockets on it are
     * opened, moved or closed, and their instances' {@code <interface>/address} trackers follow.
     *
     * @param addresses the interface's current addresses, in the kernel's order
     */
    public void addressesChanged(String interfaceName, List<IfAddress> addresses) {
        List<IfAddress> copy = List.copyOf(addresses);
        loop.execute(() -> {
            long now = System.nanoTime();
            for (Map.Entry<String, AdvertSocket> e : sockets.entrySet()) {
                AdvertSocket socket = e.getValue();
                AdvertSocket.Change change = socket.interfaceName().equals(interfaceName) ? socket.refresh(copy) : null;
                if (change != null && running) {
                    socketChanged(now, e.getKey(), change.usable(), change.newSource());
                }
            }
        });
    }

    private void socketChanged(long now, String instance, boolean usable, InetAddress source) {
        if (source != null && !source.equals(instances.get(instance).sourceAddress())) {
            dispatch(now, instance, new SourceAddressChanged(source));
        }
        dispatch(now, instance, new TrackerChanged(AdvertSocket.trackerName(bindings.get(instance).interfaceName()), usable));
    }

    /** A {@code track_file} now holds {@code value}. */
    public void fileChanged(String file, long value) {
        trackerChanged(TrackerKind.FILE, file, new TrackedFileChanged(file, value));
    }

    private void trackerChanged(TrackerKind kind, String name, boolean up) {
        trackerChanged(kind, name, new TrackerChanged(name, up));
    }

    /** Delivers {@code event} to every instance with a tracker of that kind and name, on the loop. */
    private void trackerChanged(TrackerKind kind, String name, VrrpEvent event) {
        loop.execute(() -> {
            if (!running) {
                return;
            }
            long now = System.nanoTime();
            for (VrrpInstance instance : instances.values()) {
                if (instance.spec().trackers().stream().anyMatch(t -> t.kind() == kind && t.name().equals(name))) {
                    dispatch(now, instance.name(), event);
                }
            }
        });
    }

    /** A snapshot of every instance, taken on the loop. */
    public CompletableFuture<List<InstanceStatus>> status() {
        return onLoop(() -> {
            List<InstanceStatus> out = new ArrayList<>();
            for (VrrpInstance i : instances.values()) {
                InstanceBinding b = bindings.get(i.name());
                SyncGroup g = groupOf.get(i.name());
                InetAddress master = i.state() == VrrpState.MASTER ? i.sourceAddress() : i.masterAddress();
                int masterPriority = i.state() == VrrpState.MASTER ? i.effectivePriority() : i.masterPriority();
                long transition = i.lastTransitionNanos();
                out.add(new InstanceStatus(i.name(), i.state(), i.spec().virtualRouterId(), b.interfaceName(),
                        g == null ? null : g.name(), i.spec().basePriority(), i.effectivePriority(), master,
                        masterPriority, b.vips(),
                        transition == 0 ? null : Instant.ofEpochSecond(0, transition + epochNanosOffset),
                        counters.get(i.name()).asMap()));
            }
            return out;
        });
    }

    /** The counters and state of {@code instance} (readable from any thread). */
    public InstanceStats stats(String instance) {
        InstanceStats c = counters.get(instance);
        if (c == null) {
            throw new IllegalArgumentException("no vrrp_instance " + instance);
        }
        return c;
    }

    /** The configured instances, in file order. */
    public List<InstanceBinding> bindings() {
        return List.copyOf(bindings.values());
    }

    /**
     * Shuts every instance down as keepalived does on SIGTERM: a MASTER sends priority 0 and removes its VIPs, then
     * {@code notify_stop} runs; finally the sockets close.
     */
    public CompletableFuture<Void> stop() {
        return onLoop(() -> {
            if (running) {
                long now = System.nanoTime();
                for (VrrpInstance instance : instances.values()) {
                    dispatch(now, instance.name(), new Shutdown());
                }
                running = false;
            }
            timers.cancelAll();
            registrations.forEach(IoRegistration::cancel);
            registrations.clear();
            closeSockets();
            vipOwner.close();
            return null;
        });
    }

    @Override
    public void close() {
        stop().join();
    }

    private void closeSockets() {
        for (AdvertSocket s : sockets.values()) {
            try {
                s.close();
            } catch (LinuxException e) {
                LOG.warn("closing an advert socket: {}", e.getMessage());
            }
        }
        sockets.clear();
        for (AdvertReceiver r : receivers) {
            try {
                r.close();
            } catch (LinuxException e) {
                LOG.warn("closing a receive socket: {}", e.getMessage());
            }
        }
        receivers.clear();
    }

    // ---- receive path (loop thread) -------------------------------------------------------------------------

    private void drain(AdvertReceiver receiver, AdvertReceiver.Sink sink) {
        try {
            receiver.drain(sink);
        } catch (LinuxException e) {
            LOG.warn("receiving adverts on {}: {}", receiver.interfaceName(), e.getMessage());
        }
    }

    /** The instance on {@code receiver} with {@code profile}'s VRID (the receiver has one family). */
    private String instanceFor(AdvertReceiver receiver, AdvertProfile profile) {
        return instanceByVrid.get(receiver).get(profile.virtualRouterId());
    }

    private void onAdvert(AdvertReceiver receiver, AdvertValidator v) {
        String name = instanceFor(receiver, v.profile());
        if (name == null || !running) {
            return;
        }
        InstanceStats c = counters.get(name);
        c.increment(VrrpCounter.ADVERT_RCVD);
        int priority = v.packet().priority();
        if (priority == 0) {
            c.increment(VrrpCounter.PRI_ZERO_RCVD);
        }
        if (v.lastCheck() == VrrpCheck.ADDRESS_LIST_MISMATCH) {
            c.increment(VrrpCounter.ADDR_LIST_ERR);
            LOG.warn("({}) advert from {}: {}", name, v.sourceAddress().getHostAddress(), v.diagnostic());
        }
        dispatch(System.nanoTime(), name, new AdvertReceived(v.sourceAddress(), priority, v.packet().advertIntervalCentis()));
    }

    private void onRejected(AdvertReceiver receiver, VrrpCheck check, AdvertProfile profile, AdvertValidator v) {
        if (profile == null) {
            LOG.debug("dropped packet on {}: {}", receiver.interfaceName(), v.diagnostic());
            return;
        }
        String name = instanceFor(receiver, profile);
        if (name != null) {
            counters.get(name).increment(VrrpCounter.of(check));
            LOG.warn("({}) dropped advert: {}", name, v.diagnostic());
        }
    }

    // ---- the state machines and their actions (loop thread) ---------------------------------------------------

    private void dispatch(long now, String instance, VrrpEvent event) {
        SyncGroup group = groupOf.get(instance);
        List<VrrpAction> actions = group != null ? group.onEvent(now, instance, event)
                : instances.get(instance).onEvent(now, event);
        for (VrrpAction action : actions) {
            try {
                execute(action);
            } catch (RuntimeException | LinuxException e) {
                LOG.error("({}) {} failed: {}", action.instance(), action.getClass().getSimpleName(), e.getMessage(), e);
            }
        }
    }

    private void execute(VrrpAction action) throws LinuxException {
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
        List<Vip> configured = bindings.get(instance).vips();
        List<Vip> out = new ArrayList<>(addresses.size());
        for (InetAddress a : addresses) {
            configured.stream().filter(v -> v.address().equals(a)).findFirst()
                    .ifPresentOrElse(out::add, () -> out.add(Vip.host(a, bindings.get(instance).interfaceName())));
        }
        return out;
    }

    private <T> CompletableFuture<T> onLoop(java.util.concurrent.Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable run = () -> {
            try {
                result.complete(task.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        };
        if (loop.inEventLoop()) {
            run.run();
        } else {
            loop.execute(run);
        }
        return result;
    }
}
