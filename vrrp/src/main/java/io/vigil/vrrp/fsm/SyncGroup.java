package io.vigil.vrrp.fsm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code vrrp_sync_group}: member instances that move together (keepalived.md §1.6; vrrp_sync.c,
 * vrrp_scheduler.c {@code VRRP_TSM}).
 *
 * <ul>
 *   <li>A member becomes MASTER only when every other member also wants MASTER (or the group already is MASTER);
 *       then all members become MASTER.</li>
 *   <li>A member leaving MASTER for BACKUP takes the others to BACKUP.</li>
 *   <li>A member entering FAULT takes the others to FAULT (a master among them sends priority 0).</li>
 *   <li>The group leaves FAULT, to BACKUP, only when no member has a fault of its own.</li>
 *   <li>A master answering a lower-priority advert also sends the other masters' lower-priority GARPs.</li>
 * </ul>
 *
 * <p>Deliver every event of a member through {@link #onEvent}, never to the member directly. Not thread-safe: owned
 * by the VRRP event loop thread, like its members.
 */
public final class SyncGroup implements SyncGate {

    private final String name;
    private final Map<String, VrrpInstance> members = new LinkedHashMap<>();
    private VrrpState state = VrrpState.BACKUP;

    /** A group of new instances, one per spec, all in INIT. */
    public SyncGroup(String name, List<InstanceSpec> specs) {
        this.name = name;
        for (InstanceSpec spec : specs) {
            VrrpInstance instance = new VrrpInstance(spec);
            instance.joinGroup(this);
            if (members.put(spec.name(), instance) != null) {
                throw new IllegalArgumentException("sync group " + name + ": instance " + spec.name() + " twice");
            }
        }
    }

    /** The group name. */
    public String name() {
        return name;
    }

    /** The group state: the state the members were last synced to. */
    public VrrpState state() {
        return state;
    }

    /** The member called {@code instance}, for status. */
    public VrrpInstance member(String instance) {
        VrrpInstance m = members.get(instance);
        if (m == null) {
            throw new IllegalArgumentException("sync group " + name + " has no instance " + instance);
        }
        return m;
    }

    /** The members in configuration order. */
    public List<VrrpInstance> members() {
        return List.copyOf(members.values());
    }

    /** Applies {@code event} to member {@code instance} and syncs the others; actions may name any member. */
    public List<VrrpAction> onEvent(long nowNanos, String instance, VrrpEvent event) {
        List<VrrpAction> out = new ArrayList<>();
        onEvent(nowNanos, instance, event, out::add);
        return List.copyOf(out);
    }

    /** As {@link #onEvent(long, String, VrrpEvent)}, handing the actions to {@code out} in order. */
    public void onEvent(long nowNanos, String instance, VrrpEvent event, ActionSink out) {
        VrrpInstance m = member(instance);
        VrrpState before = m.state();
        m.handle(nowNanos, event, out);
        VrrpState after = m.state();
        if (after == VrrpState.MASTER) {
            syncMaster(nowNanos, m, out);
        } else if (after == VrrpState.BACKUP && (before == VrrpState.MASTER || before == VrrpState.FAULT)) {
            syncBackup(nowNanos, m, out);
        } else if (after == VrrpState.FAULT && before != VrrpState.FAULT) {
            syncFault(nowNanos, m, out);
        }
        if (m.answeredLowerPriority()) {
            for (VrrpInstance other : members.values()) {
                if (other != m) {
                    other.lowerPriorityGarp(nowNanos, out);
                }
            }
        }
    }

    @Override
    public boolean canGoToMaster(VrrpInstance member) {
        if (state == VrrpState.MASTER) {
            return true;
        }
        for (VrrpInstance other : members.values()) {
            if (other != member && other.wantState() != VrrpState.MASTER) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean canLeaveFault(VrrpInstance member) {
        for (VrrpInstance other : members.values()) {
            if (other != member && other.ownFault()) {
                return false;
            }
        }
        return true;
    }

    private void syncMaster(long now, VrrpInstance from, ActionSink out) {
        if (state == VrrpState.MASTER) {
            return;
        }
        state = VrrpState.MASTER;
        for (VrrpInstance other : members.values()) {
            if (other != from && other.state() == VrrpState.BACKUP) {
                other.becomeMaster(now, "sync group " + name + ": " + from.name() + " became MASTER", out);
            }
        }
    }

    private void syncBackup(long now, VrrpInstance from, ActionSink out) {
        if (state == VrrpState.BACKUP) {
            return;
        }
        state = VrrpState.BACKUP;
        String reason = "sync group " + name + ": " + from.name() + " became BACKUP";
        for (VrrpInstance other : members.values()) {
            if (other == from) {
                continue;
            }
            if (other.state() == VrrpState.MASTER) {
                other.leaveMaster(now, VrrpState.BACKUP, reason, out);
            } else if (other.state() == VrrpState.FAULT && !other.ownFault()) {
                other.leaveFault(now, reason, out);
            }
        }
    }

    private void syncFault(long now, VrrpInstance from, ActionSink out) {
        if (state == VrrpState.FAULT) {
            return;
        }
        state = VrrpState.FAULT;
        String reason = "sync group " + name + ": " + from.name() + " entered FAULT";
        for (VrrpInstance other : members.values()) {
            if (other != from && (other.state() == VrrpState.MASTER || other.state() == VrrpState.BACKUP)) {
                other.enterFault(now, reason, out);
            }
        }
    }
}
