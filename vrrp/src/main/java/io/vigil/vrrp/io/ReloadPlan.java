package io.vigil.vrrp.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a reload does to the VRRP instances, keyed by instance name: an instance whose binding is unchanged keeps
 * its state and timers and is in none of the lists; a removed one shuts down (priority 0 when MASTER, VIPs released,
 * notify_stop); an added one starts. A changed one is updated in place (state, timers and counters kept, as
 * keepalived keeps a matched instance's state: vrrp.c {@code vrrp_exist}, {@code clear_diff_vrrp}) unless what
 * changed is what keepalived matches instances on or what Vigil's sockets are built from ({@link #needsRestart}):
 * then it is restarted (shut down, then started with the new binding). A sync group whose member list changed, or
 * one of whose members is restarted, restarts every member. Pure and immutable.
 *
 * @param removed   running instances absent from the new configuration
 * @param restarted instances in both that must start again
 * @param updated   instances in both whose settings change in place
 * @param added     instances new in the new configuration
 * @param unchanged instances left running untouched
 */
public record ReloadPlan(List<String> removed, List<String> restarted, List<String> updated, List<String> added,
                         List<String> unchanged) {

    public ReloadPlan {
        removed = List.copyOf(removed);
        restarted = List.copyOf(restarted);
        updated = List.copyOf(updated);
        added = List.copyOf(added);
        unchanged = List.copyOf(unchanged);
    }

    /**
     * Why {@code before} cannot become {@code after} in place, or null when it can: another interface, VRID,
     * version or family (keepalived's match, and the receive socket and validator), multicast against unicast,
     * another fixed source address or a source that starts or stops following the interface (the send socket), a
     * move into or out of a sync group, or a VIP whose address stays but whose device, prefix or label changes
     * (it would be released from the wrong place).
     */
    public static String needsRestart(InstanceBinding before, InstanceBinding after) {
        if (!before.interfaceName().equals(after.interfaceName())) {
            return "interface";
        }
        if (before.spec().virtualRouterId() != after.spec().virtualRouterId()) {
            return "virtual_router_id";
        }
        if (before.spec().version() != after.spec().version()) {
            return "version";
        }
        if (before.spec().family() != after.spec().family()) {
            return "address family";
        }
        if (before.profile().unicast() != after.profile().unicast()) {
            return "unicast_peer";
        }
        if (before.sourceFollowsInterface() != after.sourceFollowsInterface() || (!after.sourceFollowsInterface()
                && !before.spec().primaryAddress().equals(after.spec().primaryAddress()))) {
            return "source address";
        }
        if (!Objects.equals(before.syncGroup(), after.syncGroup())) {
            return "sync group";
        }
        for (Vip v : after.vips()) {
            if (before.vips().stream().anyMatch(o -> o.address().equals(v.address()) && !o.equals(v))) {
                return "virtual address " + v.address().getHostAddress() + " moved";
            }
        }
        return null;
    }

    /**
     * Compares the running instances and sync groups with the new ones.
     *
     * @param running     running bindings by name
     * @param runningGroups running sync groups: name to members
     * @param next        the new bindings, in file order
     * @param nextGroups  the new sync groups
     */
    public static ReloadPlan of(Map<String, InstanceBinding> running, Map<String, List<String>> runningGroups,
                                List<InstanceBinding> next, Map<String, List<String>> nextGroups) {
        Map<String, InstanceBinding> byName = new LinkedHashMap<>();
        next.forEach(b -> byName.put(b.name(), b));
        List<String> removed = running.keySet().stream().filter(n -> !byName.containsKey(n)).toList();
        List<String> added = byName.keySet().stream().filter(n -> !running.containsKey(n)).toList();
        Set<String> touched = new LinkedHashSet<>(removed);
        touched.addAll(added);
        Set<String> changed = new LinkedHashSet<>();
        for (InstanceBinding b : next) {
            InstanceBinding old = running.get(b.name());
            if (old != null && !old.equals(b)) {
                (needsRestart(old, b) != null ? touched : changed).add(b.name());
            }
        }
        Set<String> groups = new LinkedHashSet<>(runningGroups.keySet());
        groups.addAll(nextGroups.keySet());
        boolean grew = true;
        while (grew) {
            grew = false;
            for (String g : groups) {
                List<String> before = runningGroups.getOrDefault(g, List.of());
                List<String> after = nextGroups.getOrDefault(g, List.of());
                boolean moved = !Objects.equals(before, after) || before.stream().anyMatch(touched::contains)
                        || after.stream().anyMatch(touched::contains);
                if (moved) {
                    grew |= touched.addAll(before) | touched.addAll(after);
                }
            }
        }
        List<String> restarted = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        for (String name : byName.keySet()) {
            if (running.containsKey(name)) {
                (touched.contains(name) ? restarted : changed.contains(name) ? updated : unchanged).add(name);
            }
        }
        return new ReloadPlan(removed, restarted, updated, added, unchanged);
    }

    /** Nothing to do. */
    public boolean isEmpty() {
        return removed.isEmpty() && restarted.isEmpty() && updated.isEmpty() && added.isEmpty();
    }
}
