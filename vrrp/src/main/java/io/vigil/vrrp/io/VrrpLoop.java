package io.vigil.vrrp.io;

import io.netty.channel.IoEventLoop;
import io.vigil.dataplane.linux.LinuxException;
import io.vigil.dataplane.linux.netlink.IfAddress;
import io.vigil.vrrp.fsm.ActionSink;
import io.vigil.vrrp.fsm.Reconfigured;
import io.vigil.vrrp.fsm.Shutdown;
import io.vigil.vrrp.fsm.SourceAddressChanged;
import io.vigil.vrrp.fsm.Startup;
import io.vigil.vrrp.fsm.SyncGroup;
import io.vigil.vrrp.fsm.TimerExpired;
import io.vigil.vrrp.fsm.TimerKind;
import io.vigil.vrrp.fsm.TrackedFileChanged;
import io.vigil.vrrp.fsm.TrackerChanged;
import io.vigil.vrrp.fsm.TrackerKind;
import io.vigil.vrrp.fsm.TrackerSpec;
import io.vigil.vrrp.fsm.VrrpAction;
import io.vigil.vrrp.fsm.VrrpEvent;
import io.vigil.vrrp.fsm.VrrpInstance;
import io.vigil.vrrp.fsm.VrrpState;
import io.vigil.vrrp.wire.AdvertProfile;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
    /** The bindings being replaced by an in-place update, while its actions run. */
    private final Map<String, InstanceBinding> replaced = new HashMap<>();
    private final Map<String, VrrpInstance> instances = new LinkedHashMap<>();
    private final Map<String, SyncGroup> groupOf = new HashMap<>();
    private final Map<String, InstanceStats> counters = new LinkedHashMap<>();
    private final Map<String, AdvertSocket> sockets = new HashMap<>();
    private final AdvertReceivers receivers;
    private final InstanceTimers timers;
    private final ActionExecutor actions;
    private final GarpPacer garps;
    /** The last known state of every tracked interface and script, for instances started by a reload. */
    private final Map<String, Boolean> interfaceUp = new HashMap<>();
    private final Map<String, Boolean> scriptOk = new HashMap<>();
    private final Map<String, Long> fileValue = new HashMap<>();
    private Map<String, List<String>> syncGroups = Map.of();
    private final long epochNanosOffset = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
    private boolean running;
    /** The actions of the step being dispatched (reused); a nested dispatch gets its own list. */
    private final List<VrrpAction> pending = new ArrayList<>();
    private final ActionSink sink;
    private boolean dispatching;
    /** One expiry event per timer kind, reused. */
    private static final TimerExpired[] EXPIRED = java.util.Arrays.stream(TimerKind.values()).map(TimerExpired::new)
            .toArray(TimerExpired[]::new);

    private VrrpLoop(IoEventLoop loop, VipOwner vipOwner, NotifySink notifySink) throws LinuxException {
        this.loop = loop;
        this.vipOwner = vipOwner;
        this.notifySink = notifySink;
        this.timers = new InstanceTimers(loop, (instance, kind) -> {
            if (running) {
                long now = System.nanoTime();
                TakeoverTrace trace = kind == TimerKind.MASTER_DOWN ? traceOfTakeover(instance, now) : null;
                dispatch(now, instance, EXPIRED[kind.ordinal()]);
                if (trace != null) {
                    trace.abandon(); // no announcement went out in this dispatch: nothing to time
                }
            }
        });
        AdvertIntake intake = new AdvertIntake(counters, () -> running, this::dispatch,
                this::instanceFor);
        this.receivers = new AdvertReceivers(loop, intake::sink);
        this.sink = new LoopActionSink(timers, pending);
        this.garps = new GarpPacer(loop, vipOwner);
        this.actions = new ActionExecutor(bindings, replaced, sockets, counters, vipOwner, notifySink, timers, garps);

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
            List<InstanceBinding> tracked = bindings.stream().map(VrrpLoop::withAddressTracker).toList();
            validate(tracked, syncGroups);
            vrrp.add(tracked, syncGroups);
            vrrp.syncGroups = Map.copyOf(syncGroups);
            vrrp.replaceReceivers(tracked.stream().map(AdvertReceivers.Key::of).distinct().toList());
        } catch (LinuxException | RuntimeException e) {
            vrrp.closeSockets();
            throw e;
        }
        return vrrp;
    }

    /** Rejects duplicate names, VRID clashes on one interface and sync groups naming unknown instances. */
    public static void validate(List<InstanceBinding> bindings, Map<String, List<String>> syncGroups) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (InstanceBinding b : bindings) {
            if (!names.add(b.name())) {
                throw new IllegalArgumentException("vrrp_instance " + b.name() + " defined twice");
            }
        }
        AdvertReceivers.vrids(bindings);
        syncGroups.forEach((group, members) -> members.stream().filter(m -> !names.contains(m)).findFirst()
                .ifPresent(m -> {
                    throw new IllegalArgumentException("vrrp_sync_group " + group + " names unknown instance " + m);
                }));
    }

    /** Opens the sockets of {@code list} (already checked) and builds their state machines and sync groups. */
    private void add(List<InstanceBinding> list, Map<String, List<String>> syncGroups) throws LinuxException {
        for (InstanceBinding b : list) {
            bindings.put(b.name(), b);
            counters.putIfAbsent(b.name(), new InstanceStats(b.spec().basePriority()));
            AdvertSocket socket = new AdvertSocket(b.name(), b.interfaceName(), new AdvertSourceRule(b.profile().family(),
                    b.sourceFollowsInterface() ? null : b.spec().primaryAddress()), b.spec().primaryAddress(),
                    senders(b));
            sockets.put(b.name(), socket);
            socket.openAtStartup();
        }
        for (Map.Entry<String, List<String>> group : syncGroups.entrySet()) {
            if (group.getValue().stream().noneMatch(m -> list.stream().anyMatch(b -> b.name().equals(m)))) {
                continue;
            }
            SyncGroup syncGroup = new SyncGroup(group.getKey(),
                    group.getValue().stream().map(m -> bindings.get(m).spec()).toList());
            for (VrrpInstance member : syncGroup.members()) {
                groupOf.put(member.name(), syncGroup);
                instances.put(member.name(), member);
            }
        }
        for (InstanceBinding b : list) {
            instances.computeIfAbsent(b.name(), n -> new VrrpInstance(b.spec()));
        }
    }

    private static AdvertSocket.Opener senders(InstanceBinding b) {
        return source -> new AdvertSender(b.interfaceName(), source, b.profile());
    }

    private static InstanceBinding withAddressTracker(InstanceBinding b) {
        List<TrackerSpec> trackers = new ArrayList<>(b.spec().trackers());
        trackers.add(TrackerSpec.unweighted(AdvertSocket.trackerName(b.interfaceName()), TrackerKind.INTERFACE));
        return b.withSpec(b.spec().withTrackers(trackers));
    }

    /** Gives each of {@code keys} a receiver for the instances now on it (none: its receiver closes). */
    private void replaceReceivers(List<AdvertReceivers.Key> keys) throws LinuxException {
        for (AdvertReceivers.Key key : keys) {
            receivers.replace(key, bindings.values().stream().filter(b -> AdvertReceivers.Key.of(b).equals(key)).toList());
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
            this.interfaceUp.putAll(interfaceUp);
            this.scriptOk.putAll(scriptOk);
            startInstances(List.copyOf(instances.keySet()));
            return null;
        });
    }

    /** On the loop: the initial tracker states of {@code names}, then {@link Startup}. */
    private void startInstances(List<String> names) {
        for (String name : names) {
            rehearseTakeover(instances.get(name).spec());
        }
        long now = System.nanoTime();
        for (String name : names) {
            deliverTrackerStates(now, name);
            AdvertSocket socket = sockets.get(name);
            socketChanged(now, name, socket.usable(), socket.source());
        }
        for (String name : names) {
            dispatch(now, name, new Startup());
        }
    }

    /** The last known state of every interface, script and file {@code name} tracks. */
    private void deliverTrackerStates(long now, String name) {
        for (TrackerSpec t : instances.get(name).spec().trackers()) {
            switch (t.kind()) {
                case INTERFACE -> dispatch(now, name, new TrackerChanged(t.name(), interfaceUp.getOrDefault(t.name(), true)));
                case SCRIPT -> dispatch(now, name, new TrackerChanged(t.name(), scriptOk.getOrDefault(t.name(), true)));
                case FILE -> {
                    Long value = fileValue.get(t.name());
                    if (value != null) {
                        dispatch(now, name, new TrackedFileChanged(t.name(), value));
                    }
                }
            }
        }
    }

    /**
     * Applies a reload as {@link ReloadPlan} describes: unchanged instances keep their state, timers and sockets (a
     * MASTER stays MASTER, no advert gap, no GARP); removed and restarted ones shut down as on SIGTERM (priority 0
     * when MASTER, VIPs released, notify_stop); updated ones take their new settings in place ({@link Reconfigured},
     * then the current tracker states; a changed wire profile reopens the send socket from the same source); added
     * and restarted ones start from INIT with the current tracker states. Receivers are replaced only on the
     * interfaces whose instances or wire profiles changed. Nothing changes when the new bindings are inconsistent.
     *
     * @throws IllegalArgumentException (at once) on a duplicate name, a VRID clash or an unknown sync group member
     */
    public CompletableFuture<ReloadPlan> reconfigure(List<InstanceBinding> next, Map<String, List<String>> nextGroups) {
        List<InstanceBinding> tracked = next.stream().map(VrrpLoop::withAddressTracker).toList();
        validate(tracked, nextGroups);
        Map<String, List<String>> groups = Map.copyOf(nextGroups);
        return onLoop(() -> {
            ReloadPlan plan = ReloadPlan.of(bindings, syncGroups, tracked, groups);
            List<String> stopping = new ArrayList<>(plan.removed());
            stopping.addAll(plan.restarted());
            Set<AdvertReceivers.Key> keys = new LinkedHashSet<>();
            long now = System.nanoTime();
            for (String name : stopping) {
                if (running) {
                    dispatch(now, name, new Shutdown());
                }
            }
            for (String name : stopping) {
                timers.cancelAll(name);
                garps.cancel(name);
                keys.add(AdvertReceivers.Key.of(bindings.remove(name)));
                instances.remove(name);
                groupOf.remove(name);
                closeSocket(sockets.remove(name));
            }
            plan.removed().forEach(counters::remove);
            for (InstanceBinding b : tracked) {
                if (plan.updated().contains(b.name())) {
                    update(now, b, keys);
                }
            }
            Set<String> starting = new LinkedHashSet<>(plan.added());
            starting.addAll(plan.restarted());
            List<InstanceBinding> toStart = tracked.stream().filter(b -> starting.contains(b.name())).toList();
            toStart.forEach(b -> keys.add(AdvertReceivers.Key.of(b)));
            Map<String, List<String>> startingGroups = new LinkedHashMap<>();
            groups.forEach((g, members) -> {
                if (members.stream().anyMatch(starting::contains)) {
                    startingGroups.put(g, members);
                }
            });
            add(toStart, startingGroups);
            toStart.forEach(b -> counters.get(b.name()).effectivePriority(b.spec().basePriority()));
            syncGroups = groups;
            reorder(tracked);
            replaceReceivers(List.copyOf(keys));
            if (running) {
                startInstances(toStart.stream().map(InstanceBinding::name).toList());
            }
            return plan;
        });
    }

    /** On the loop: {@code next} replaces the running binding of its instance in place. */
    private void update(long now, InstanceBinding next, Set<AdvertReceivers.Key> keys) {
        String name = next.name();
        InstanceBinding before = bindings.put(name, next);
        replaced.put(name, before);
        try {
            if (!before.profile().equals(next.profile())) {
                keys.add(AdvertReceivers.Key.of(next));
                AdvertSocket.Change change = sockets.get(name).reopen(senders(next));
                if (change != null && running) {
                    socketChanged(now, name, change.usable(), change.newSource());
                }
            }
            dispatch(now, name, new Reconfigured(next.spec()));
            if (running) {
                deliverTrackerStates(now, name);
            }
        } finally {
            replaced.remove(name);
        }
    }

    /** Puts the instances back in file order (status and metrics list them so). */
    private void reorder(List<InstanceBinding> order) {
        Map<String, InstanceBinding> b = new LinkedHashMap<>(bindings);
        Map<String, VrrpInstance> i = new LinkedHashMap<>(instances);
        bindings.clear();
        instances.clear();
        for (InstanceBinding x : order) {
            bindings.put(x.name(), b.get(x.name()));
            instances.put(x.name(), i.get(x.name()));
        }
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

    /** A {@code track_file} now holds {@code value} (kept for instances that start later, as script states are). */
    public void fileChanged(String file, long value) {
        loop.execute(() -> fileValue.put(file, value));
        trackerChanged(TrackerKind.FILE, file, new TrackedFileChanged(file, value));
    }

    private void trackerChanged(TrackerKind kind, String name, boolean up) {
        loop.execute(() -> (kind == TrackerKind.SCRIPT ? scriptOk : interfaceUp).put(name, up));
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
                        masterPriority, i.masterAdvertIntervalCentis(), b.vips(),
                        transition == Long.MIN_VALUE ? null : Instant.ofEpochSecond(0, transition + epochNanosOffset),
                        counters.get(i.name()).asMap(), i.spec()));
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
            timers.close();
            garps.cancelAll();
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
        sockets.values().forEach(VrrpLoop::closeSocket);
        sockets.clear();
        receivers.closeAll();
    }

    private static void closeSocket(AdvertSocket s) {
        try {
            s.close();
        } catch (LinuxException e) {
            LOG.warn("closing an advert socket: {}", e.getMessage());
        }
    }

    /**
     * Steps a scratch copy of {@code spec} (no trackers) through startup and a master-down expiry on a virtual clock
     * and drops its actions, so the state machine's takeover code is loaded and linked before a real takeover needs
     * it (the VIP and announcement side is rehearsed by {@link KernelVipOwner}).
     */
    private static void rehearseTakeover(io.vigil.vrrp.fsm.InstanceSpec spec) {
        VrrpInstance scratch = new VrrpInstance(spec.withTrackers(List.of()));
        scratch.onEvent(0, new Startup());
        long due = scratch.deadlineNanos(TimerKind.MASTER_DOWN);
        if (due != Long.MIN_VALUE) {
            scratch.onEvent(due, new TimerExpired(TimerKind.MASTER_DOWN));
        }
    }

    /** Starts timing a takeover if the master-down timer of a BACKUP {@code instance} is due at {@code now}. */
    private TakeoverTrace traceOfTakeover(String instance, long now) {
        VrrpInstance i = instances.get(instance);
        long due = i == null ? Long.MIN_VALUE : i.deadlineNanos(TimerKind.MASTER_DOWN);
        if (i == null || i.state() != VrrpState.BACKUP || due == Long.MIN_VALUE || now < due) {
            return null;
        }
        TakeoverTrace trace = counters.get(instance).trace();
        trace.masterDownFired(due, now);
        return trace;
    }

    /** The instance on {@code receiver} with {@code profile}'s VRID (the receiver has one family). */
    private String instanceFor(AdvertReceiver receiver, AdvertProfile profile) {
        return receivers.instanceFor(receiver, profile);
    }

    // ---- the state machines and their actions (loop thread) ---------------------------------------------------

    /**
     * Steps {@code instance} (or its sync group) and carries out the actions, in order, after the step. Timers are
     * armed as the step asks; the other actions wait in a list that is reused, so a step that only moves a timer (a
     * BACKUP hearing its master) allocates nothing.
     */
    private void dispatch(long now, String instance, VrrpEvent event) {
        List<VrrpAction> todo = dispatching ? new ArrayList<>() : pending;
        boolean outer = !dispatching;
        dispatching = true;
        try {
            ActionSink sink = todo == pending ? this.sink : new LoopActionSink(timers, todo);
            SyncGroup group = groupOf.get(instance);
            if (group != null) {
                group.onEvent(now, instance, event, sink);
            } else {
                instances.get(instance).onEvent(now, event, sink);
            }
            for (int i = 0; i < todo.size(); i++) {
                VrrpAction action = todo.get(i);
                try {
                    actions.execute(action);
                } catch (RuntimeException | LinuxException e) {
                    LOG.error("({}) {} failed: {}", action.instance(), action.getClass().getSimpleName(), e.getMessage(), e);
                }
            }
        } finally {
            todo.clear();
            if (outer) {
                dispatching = false;
            }
        }
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
