package io.vigil.vrrp.fsm;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One virtual router as a pure state machine: {@link #onEvent(long, VrrpEvent)} takes the time and an event and
 * returns the actions to perform. It never reads a clock, sleeps or does I/O; timers are {@link ScheduleTimer}
 * actions that the event loop turns back into {@link TimerExpired} events.
 *
 * <p>Behaviour is RFC 5798 §6.4 as keepalived implements it (keepalived.md §2; vrrp.c {@code vrrp_state_backup},
 * {@code vrrp_state_master_rx}, {@code vrrp_state_become_master}, {@code vrrp_state_leave_master}; vrrp_scheduler.c
 * {@code vrrp_init_state}). Not thread-safe: owned by the VRRP event loop thread.
 */
public final class VrrpInstance {

    private static final long NONE = Long.MIN_VALUE;
    private static final long NANOS_PER_CENTI = 10_000_000L;
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** An address owner with {@code state MASTER} takes over after 1 µs (vrrp_scheduler.c {@code vrrp_init_state}). */
    private static final long OWNER_STARTUP_NANOS = 1_000L;

    private InstanceSpec spec;
    private TrackerSet trackers;
    private final long[] deadlines = new long[TimerKind.values().length];
    private SyncGate gate = SyncGate.STANDALONE;

    private VrrpState state = VrrpState.INIT;
    private VrrpState wantState;
    private int effectivePriority;
    private int masterAdverIntCentis;
    private InetAddress masterAddress;
    private InetAddress sourceAddress;
    private int masterPriority;
    private long preemptUntilNanos = NONE;
    private long lastTransitionNanos = NONE;
    private SendAdvert lastAdvert;
    private boolean answeredLowerPriority;

    /** An instance in INIT; deliver initial tracker states, then {@link Startup}. */
    public VrrpInstance(InstanceSpec spec) {
        this.spec = spec;
        this.trackers = new TrackerSet(spec.trackers());
        this.wantState = spec.initialState();
        this.effectivePriority = spec.basePriority();
        this.masterAdverIntCentis = spec.advertIntervalCentis();
        this.sourceAddress = spec.primaryAddress();
        Arrays.fill(deadlines, NONE);
    }

    /** Applies {@code event} at {@code nowNanos} (any monotonic clock) and returns what to do, in order. */
    public List<VrrpAction> onEvent(long nowNanos, VrrpEvent event) {
        List<VrrpAction> out = new ArrayList<>();
        handle(nowNanos, event, out::add);
        return List.copyOf(out);
    }

    /**
     * Applies {@code event} at {@code nowNanos} and hands the actions to {@code sink}, in order. In steady state (a
     * BACKUP receiving its master's adverts, a MASTER's advert timer) this allocates nothing: timers go to the
     * sink's own verbs and a {@link SendAdvert} is reused while the priority stays.
     */
    public void onEvent(long nowNanos, VrrpEvent event, ActionSink sink) {
        handle(nowNanos, event, sink);
    }

    /** The configuration. */
    public InstanceSpec spec() {
        return spec;
    }

    /** The instance name. */
    public String name() {
        return spec.name();
    }

    /** The current state. */
    public VrrpState state() {
        return state;
    }

    /** The priority adverts carry now: base plus tracker weights, clamped to 1..254; 255 for an owner. */
    public int effectivePriority() {
        return effectivePriority;
    }

    /** Master_Adver_Interval: the master's interval a v3 backup adopted, else the local one (RFC 5798 §6.1). */
    public int masterAdvertIntervalCentis() {
        return masterAdverIntCentis;
    }

    /** The current master's address as last seen (our own primary address while MASTER), or null. */
    public InetAddress masterAddress() {
        return masterAddress;
    }

    /** The address adverts go out from: {@code spec.primaryAddress()} until a {@link SourceAddressChanged}. */
    public InetAddress sourceAddress() {
        return sourceAddress;
    }

    /** The current master's priority as last seen. */
    public int masterPriority() {
        return masterPriority;
    }

    /** When the state last changed, or {@link Long#MIN_VALUE} if never. */
    public long lastTransitionNanos() {
        return lastTransitionNanos;
    }

    /** When timer {@code kind} is due, or {@link Long#MIN_VALUE} if it is not armed. */
    public long deadlineNanos(TimerKind kind) {
        return deadlines[kind.ordinal()];
    }

    /** Skew_Time in nanoseconds (RFC 5798 §6.1; RFC 3768 §6.1 for v2; keepalived.md §2.4). */
    public long skewNanos() {
        int priority = spec.basePriority() == 255 ? 255 : effectivePriority;
        if (spec.version() == 2) {
            return (256L - priority) * NANOS_PER_SECOND / 256;
        }
        return (256L - priority) * masterAdverIntCentis * NANOS_PER_CENTI / 256;
    }

    /** Master_Down_Interval: {@code down_timer_adverts} × Master_Adver_Interval + Skew_Time (RFC 5798 §6.1). */
    public long masterDownNanos() {
        return spec.downTimerAdverts() * masterAdverIntCentis * NANOS_PER_CENTI + skewNanos();
    }

    // ---- package-private hooks for SyncGroup ----

    void joinGroup(SyncGate groupGate) {
        this.gate = groupGate;
    }

    VrrpState wantState() {
        return wantState;
    }

    /** True if a tracker of this instance itself (not its group) holds it in FAULT. */
    boolean ownFault() {
        return trackers.faultingTracker() != null || trackers.initPending();
    }

    void handle(long now, VrrpEvent event, ActionSink out) {
        answeredLowerPriority = false;
        if (state == VrrpState.STOP) {
            return;
        }
        switch (event) {
            case Startup s -> start(now, out);
            case AdvertReceived a -> {
                if (state == VrrpState.BACKUP) {
                    backupReceives(now, a, out);
                } else if (state == VrrpState.MASTER) {
                    masterReceives(now, a, out);
                }
            }
            case TimerExpired t -> timerExpired(now, t.kind(), out);
            case TrackerChanged t -> {
                boolean before = ownFault();
                if (trackers.update(t.tracker(), t.up())) {
                    trackersChanged(now, before, out);
                }
            }
            case TrackedFileChanged f -> {
                boolean before = ownFault();
                if (trackers.update(f.tracker(), f.value())) {
                    trackersChanged(now, before, out);
                }
            }
            case SourceAddressChanged c -> {
                sourceAddress = c.address();
                if (state == VrrpState.MASTER) {
                    masterAddress = sourceAddress;
                }
            }
            case Shutdown s -> shutdown(now, out);
            case Reconfigured r -> reconfigure(now, r.spec(), out);
        }
    }

    void becomeMaster(long now, String reason, ActionSink out) {
        VrrpState from = state;
        state = VrrpState.MASTER;
        wantState = VrrpState.MASTER;
        cancel(TimerKind.MASTER_DOWN, out);
        masterAdverIntCentis = spec.advertIntervalCentis();
        preemptUntilNanos = NONE;
        masterAddress = sourceAddress;
        masterPriority = effectivePriority;
        lastTransitionNanos = now;
        GarpSpec garp = spec.garp();
        out.act(advert());
        out.act(new LogTransition(name(), from, VrrpState.MASTER, reason));
        out.act(new AddVips(name(), spec.virtualAddresses()));
        if (garp.masterRepeat() > 0) {
            out.act(new SendGratuitous(name(), spec.virtualAddresses(), garp.masterRepeat()));
        }
        if (garp.masterDelayMillis() > 0) {
            schedule(TimerKind.GARP_DELAYED, now + garp.masterDelayMillis() * NANOS_PER_MILLI, out);
        }
        if (garp.masterRefreshMillis() > 0) {
            schedule(TimerKind.GARP_REFRESH,
                    now + (garp.masterDelayMillis() + garp.masterRefreshMillis()) * NANOS_PER_MILLI, out);
        }
        out.act(new RunNotify(name(), VrrpState.MASTER, effectivePriority));
        schedule(TimerKind.ADVERT, now + advertIntervalNanos(), out);
    }

    void leaveMaster(long now, VrrpState to, String reason, ActionSink out) {
        state = to;
        wantState = to;
        lastTransitionNanos = now;
        if (to == VrrpState.FAULT) {
            out.act(new SendAdvert(name(), 0));
        }
        for (TimerKind k : List.of(TimerKind.ADVERT, TimerKind.GARP_DELAYED, TimerKind.GARP_REFRESH,
                TimerKind.GARP_LOWER_PRIORITY)) {
            cancel(k, out);
        }
        out.act(new RemoveVips(name(), spec.virtualAddresses()));
        out.act(new LogTransition(name(), VrrpState.MASTER, to, reason));
        out.act(new RunNotify(name(), to, effectivePriority));
        if (to == VrrpState.BACKUP) {
            preemptUntilNanos = NONE;
            schedule(TimerKind.MASTER_DOWN, now + masterDownNanos(), out);
        }
    }

    void enterFault(long now, String reason, ActionSink out) {
        wantState = VrrpState.FAULT;
        if (state == VrrpState.MASTER) {
            leaveMaster(now, VrrpState.FAULT, reason, out);
        } else if (state == VrrpState.BACKUP) {
            cancel(TimerKind.MASTER_DOWN, out);
            state = VrrpState.FAULT;
            lastTransitionNanos = now;
            out.act(new LogTransition(name(), VrrpState.BACKUP, VrrpState.FAULT, reason));
            out.act(new RunNotify(name(), VrrpState.FAULT, effectivePriority));
        }
    }

    /** FAULT → BACKUP with a full master-down timer (vrrp_scheduler.c {@code try_up_instance}). */
    void leaveFault(long now, String reason, ActionSink out) {
        wantState = VrrpState.BACKUP;
        masterAdverIntCentis = spec.advertIntervalCentis();
        preemptUntilNanos = NONE;
        state = VrrpState.BACKUP;
        lastTransitionNanos = now;
        out.act(new LogTransition(name(), VrrpState.FAULT, VrrpState.BACKUP, reason));
        out.act(new RunNotify(name(), VrrpState.BACKUP, effectivePriority));
        schedule(TimerKind.MASTER_DOWN, now + masterDownNanos(), out);
    }

    /** A master's answer to a lower-priority advert: a GARP burst now and another after a delay. */
    void lowerPriorityGarp(long now, ActionSink out) {
        GarpSpec garp = spec.garp();
        if (state != VrrpState.MASTER || garp.lowerPrioRepeat() == 0) {
            return;
        }
        out.act(new SendGratuitous(name(), spec.virtualAddresses(), garp.lowerPrioRepeat()));
        if (garp.lowerPrioDelayMillis() > 0) {
            schedule(TimerKind.GARP_LOWER_PRIORITY, now + garp.lowerPrioDelayMillis() * NANOS_PER_MILLI, out);
        }
    }

    // ---- transitions ----

    private void start(long now, ActionSink out) {
        if (state != VrrpState.INIT) {
            return;
        }
        recomputePriority(out);
        String faulting = trackers.faultingTracker();
        if (ownFault() || !gate.canLeaveFault(this)) {
            state = VrrpState.FAULT;
            wantState = VrrpState.FAULT;
            lastTransitionNanos = now;
            String reason = faulting != null ? "tracker " + faulting + " failed"
                    : trackers.initPending() ? "waiting for the first result of a tracked script"
                    : "a sync group member is in FAULT";
            out.act(new LogTransition(name(), VrrpState.INIT, VrrpState.FAULT, reason));
            if (!trackers.initPending() || faulting != null) {
                out.act(new RunNotify(name(), VrrpState.FAULT, effectivePriority));
            }
            return;
        }
        state = VrrpState.BACKUP;
        wantState = spec.initialState();
        lastTransitionNanos = now;
        if (spec.initialState() == VrrpState.MASTER && spec.basePriority() == 255) {
            out.act(new LogTransition(name(), VrrpState.INIT, VrrpState.BACKUP, "address owner starting"));
            schedule(TimerKind.MASTER_DOWN, now + OWNER_STARTUP_NANOS, out);
            return;
        }
        out.act(new LogTransition(name(), VrrpState.INIT, VrrpState.BACKUP, "startup"));
        out.act(new RunNotify(name(), VrrpState.BACKUP, effectivePriority));
        schedule(TimerKind.MASTER_DOWN, now + masterDownNanos(), out);
    }

    private void backupReceives(long now, AdvertReceived a, ActionSink out) {
        if (a.priority() == 0) {
            // RFC 5798 §6.4.2: the master is leaving; take over after Skew_Time only.
            schedule(TimerKind.MASTER_DOWN, now + skewNanos(), out);
            return;
        }
        boolean preemptHeld = spec.preemptDelayMillis() > 0
                && (preemptUntilNanos == NONE || preemptUntilNanos > now);
        if (!(spec.nopreempt() || a.priority() >= effectivePriority || preemptHeld)) {
            // keepalived: "received lower priority advert - discarding"; the down timer keeps running.
            masterAddress = a.source();
            return;
        }
        if (spec.version() == 3 && a.advertIntervalCentis() > 0) {
            masterAdverIntCentis = a.advertIntervalCentis();
        }
        masterAddress = a.source();
        masterPriority = a.priority();
        if (spec.preemptDelayMillis() > 0) {
            if (a.priority() >= effectivePriority) {
                preemptUntilNanos = NONE;
            } else if (preemptUntilNanos == NONE) {
                preemptUntilNanos = now + spec.preemptDelayMillis() * NANOS_PER_MILLI;
            }
        }
        wantState = VrrpState.BACKUP;
        schedule(TimerKind.MASTER_DOWN, now + masterDownNanos(), out);
    }

    private void masterReceives(long now, AdvertReceived a, ActionSink out) {
        int cmp = compareAddresses(a.source(), sourceAddress);
        int priority = a.priority();
        boolean higher = priority > effectivePriority || (priority == effectivePriority && cmp > 0);
        boolean lower = priority < effectivePriority || (priority == effectivePriority && cmp < 0);
        if (priority == 0 || (spec.higherPrioSendAdvert() && higher)) {
            out.act(advert());
            if (priority == 0) {
                schedule(TimerKind.ADVERT, now + advertIntervalNanos(), out);
                return;
            }
        }
        if (lower) {
            // RFC 9568 / keepalived: answer at once so the lower-priority node yields, and refresh ARP caches.
            if (!spec.lowerPrioNoAdvert()) {
                out.act(advert());
                schedule(TimerKind.ADVERT, now + advertIntervalNanos(), out);
            }
            lowerPriorityGarp(now, out);
            answeredLowerPriority = true;
            out.act(new MasterRxLowerPriority(name(), a.source(), priority));
        } else if (higher) {
            if (spec.version() == 3 && a.advertIntervalCentis() > 0) {
                masterAdverIntCentis = a.advertIntervalCentis();
            }
            masterAddress = a.source();
            masterPriority = priority;
            leaveMaster(now, VrrpState.BACKUP, (priority == effectivePriority ? "equal priority " : "higher priority ")
                    + priority + " from " + NetUtil.toAddressString(a.source()), out);
        }
        // Equal priority from our own address: keepalived only logs a warning.
    }

    private void timerExpired(long now, TimerKind kind, ActionSink out) {
        long due = deadlines[kind.ordinal()];
        if (due == NONE || now < due) {
            return; // cancelled or rescheduled after this expiry was queued
        }
        deadlines[kind.ordinal()] = NONE;
        if (state != (kind == TimerKind.MASTER_DOWN ? VrrpState.BACKUP : VrrpState.MASTER)) {
            return;
        }
        GarpSpec garp = spec.garp();
        switch (kind) {
            case MASTER_DOWN -> {
                wantState = VrrpState.MASTER;
                if (gate.canGoToMaster(this)) {
                    becomeMaster(now, "no advert within the master-down interval", out);
                } else {
                    schedule(TimerKind.MASTER_DOWN, now + masterDownNanos(), out);
                }
            }
            case ADVERT -> {
                out.act(advert());
                schedule(TimerKind.ADVERT, now + advertIntervalNanos(), out);
            }
            case GARP_DELAYED -> out.act(new SendGratuitous(name(), spec.virtualAddresses(), garp.masterRepeat()));
            case GARP_REFRESH -> {
                out.act(new SendGratuitous(name(), spec.virtualAddresses(), garp.masterRefreshRepeat()));
                schedule(TimerKind.GARP_REFRESH, now + garp.masterRefreshMillis() * NANOS_PER_MILLI, out);
            }
            case GARP_LOWER_PRIORITY ->
                    out.act(new SendGratuitous(name(), spec.virtualAddresses(), garp.lowerPrioRepeat()));
        }
    }

    private void trackersChanged(long now, boolean faultBefore, ActionSink out) {
        if (state == VrrpState.INIT) {
            return; // Startup decides with the recorded states
        }
        recomputePriority(out);
        faultMayHaveChanged(now, faultBefore, out);
    }

    /** Enters or leaves FAULT when the instance's own fault differs from {@code faultBefore}. */
    private void faultMayHaveChanged(long now, boolean faultBefore, ActionSink out) {
        boolean faultAfter = ownFault();
        if (!faultBefore && faultAfter) {
            String t = trackers.faultingTracker();
            enterFault(now, t != null ? "tracker " + t + " failed" : "tracker state unknown", out);
        } else if (faultBefore && !faultAfter && state == VrrpState.FAULT && gate.canLeaveFault(this)) {
            leaveFault(now, "trackers recovered", out);
        }
    }

    private void recomputePriority(ActionSink out) {
        recomputePriority(masterDownNanos(), Long.MIN_VALUE, out);
    }

    /**
     * Sets the effective priority from the base and the trackers. A running down timer moves by the change in its
     * length since it was {@code oldDownNanos} (keepalived {@code vrrp_set_effective_priority}), but not before
     * {@code notBeforeNanos}.
     */
    private void recomputePriority(long oldDownNanos, long notBeforeNanos, ActionSink out) {
        int base = spec.basePriority();
        int updated = base == 255 ? 255 : Math.clamp(base + trackers.weightSum(), 1, 254);
        if (updated != effectivePriority) {
            int old = effectivePriority;
            effectivePriority = updated;
            out.act(new PriorityChanged(name(), old, updated));
        }
        long due = deadlines[TimerKind.MASTER_DOWN.ordinal()];
        long shift = masterDownNanos() - oldDownNanos;
        if (state == VrrpState.BACKUP && due != NONE && shift != 0) {
            schedule(TimerKind.MASTER_DOWN, Math.max(due + shift, notBeforeNanos), out);
        }
    }

    /**
     * A reload's new settings, in place (see {@link Reconfigured}). A MASTER removes the VIPs no longer configured
     * before the trackers are weighed again, and, if still MASTER, adds the new ones with a GARP burst now and
     * another after {@code garp_master_delay} (keepalived sends that one for every VIP), and sends an advert at once
     * when its priority, interval or address list changed (keepalived sends one for every MASTER on reload).
     */
    private void reconfigure(long now, InstanceSpec next, ActionSink out) {
        if (!next.name().equals(spec.name()) || next.virtualRouterId() != spec.virtualRouterId()
                || next.version() != spec.version() || next.family() != spec.family()) {
            throw new IllegalArgumentException(name() + ": another name, VRID, version or family needs a restart");
        }
        InstanceSpec old = spec;
        boolean faultBefore = ownFault();
        long oldDown = masterDownNanos();
        int oldPriority = effectivePriority;
        spec = next;
        trackers = trackers.carriedTo(next.trackers());
        boolean adopted = state == VrrpState.BACKUP && next.version() == 3
                && masterAdverIntCentis != old.advertIntervalCentis();
        if (!adopted) {
            masterAdverIntCentis = next.advertIntervalCentis();
        }
        if (state == VrrpState.INIT) {
            wantState = next.initialState();
            return; // Startup weighs the trackers
        }
        recomputePriority(oldDown, now, out);
        List<InetAddress> gone = without(old.virtualAddresses(), next.virtualAddresses());
        List<InetAddress> added = without(next.virtualAddresses(), old.virtualAddresses());
        if (state == VrrpState.MASTER && !gone.isEmpty()) {
            out.act(new RemoveVips(name(), gone));
        }
        faultMayHaveChanged(now, faultBefore, out);
        if (state != VrrpState.MASTER) {
            return;
        }
        masterPriority = effectivePriority;
        GarpSpec garp = next.garp();
        if (!added.isEmpty()) {
            out.act(new AddVips(name(), added));
            if (garp.masterRepeat() > 0) {
                out.act(new SendGratuitous(name(), added, garp.masterRepeat()));
            }
            if (garp.masterDelayMillis() > 0) {
                schedule(TimerKind.GARP_DELAYED, now + garp.masterDelayMillis() * NANOS_PER_MILLI, out);
            }
        }
        if (garp.masterRefreshMillis() != old.garp().masterRefreshMillis()) {
            cancel(TimerKind.GARP_REFRESH, out);
            if (garp.masterRefreshMillis() > 0) {
                schedule(TimerKind.GARP_REFRESH, now + garp.masterRefreshMillis() * NANOS_PER_MILLI, out);
            }
        }
        if (effectivePriority != oldPriority || next.advertIntervalCentis() != old.advertIntervalCentis()
                || !gone.isEmpty() || !added.isEmpty()) {
            out.act(advert());
            schedule(TimerKind.ADVERT, now + advertIntervalNanos(), out);
        }
    }

    private static List<InetAddress> without(List<InetAddress> from, List<InetAddress> remove) {
        return from.stream().filter(a -> !remove.contains(a)).toList();
    }

    private void shutdown(long now, ActionSink out) {
        VrrpState from = state;
        if (state == VrrpState.MASTER) {
            out.act(new SendAdvert(name(), 0));
            out.act(new RemoveVips(name(), spec.virtualAddresses()));
        }
        for (TimerKind k : TimerKind.values()) {
            cancel(k, out);
        }
        state = VrrpState.STOP;
        wantState = VrrpState.STOP;
        lastTransitionNanos = now;
        out.act(new LogTransition(name(), from, VrrpState.STOP, "shutdown"));
        out.act(new RunNotify(name(), VrrpState.STOP, effectivePriority));
    }

    private long advertIntervalNanos() {
        return spec.advertIntervalCentis() * NANOS_PER_CENTI;
    }

    private void schedule(TimerKind kind, long atNanos, ActionSink out) {
        deadlines[kind.ordinal()] = atNanos;
        out.schedule(name(), kind, atNanos);
    }

    private void cancel(TimerKind kind, ActionSink out) {
        if (deadlines[kind.ordinal()] != NONE) {
            deadlines[kind.ordinal()] = NONE;
            out.cancel(name(), kind);
        }
    }

    /** An advert at the effective priority; the last one is reused while the priority stays. */
    private SendAdvert advert() {
        SendAdvert last = lastAdvert;
        if (last == null || last.priority() != effectivePriority) {
            last = new SendAdvert(name(), effectivePriority);
            lastAdvert = last;
        }
        return last;
    }

    /** Whether the last event made this MASTER answer a lower-priority advert (its sync group follows). */
    boolean answeredLowerPriority() {
        return answeredLowerPriority;
    }

    /** Unsigned comparison of two addresses of one family, for the tie-break (RFC 5798 §6.4.3); 0 if families differ. */
    static int compareAddresses(InetAddress a, InetAddress b) {
        byte[] x = a.getAddress();
        byte[] y = b.getAddress();
        return x.length != y.length ? 0 : Arrays.compareUnsigned(x, y);
    }
}
