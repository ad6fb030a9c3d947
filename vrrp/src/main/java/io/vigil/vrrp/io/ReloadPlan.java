package io.vigil.vrrp.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a reload does to the VRRP instances, keyed by instance name as keepalived matches them: an instance whose
 * binding (state-machine spec, interface, wire profile, VIPs, sync group) is unchanged keeps its state and timers
 * and is in none of the lists; a removed one shuts down (priority 0 when MASTER, VIPs released, notify_stop); an
 * added one starts; a changed one is restarted (shut down, then started with the new binding). A sync group moves as
 * one: when its member list or any member changes, every member is restarted. Pure and immutable.
 *
 * @param removed   running instances absent from the new configuration
 * @param restarted instances in both whose binding or sync group changed
 * @param added     instances new in the new configuration
 * @param unchanged instances left running untouched
 */
public record ReloadPlan(List<String> removed, List<String> restarted, List<String> added, List<String> unchanged) {

    public ReloadPlan {
        removed = List.copyOf(removed);
        restarted = List.copyOf(restarted);
        added = List.copyOf(added);
        unchanged = List.copyOf(unchanged);
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
        for (InstanceBinding b : next) {
            InstanceBinding old = running.get(b.name());
            if (old != null && !old.equals(b)) {
                touched.add(b.name());
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
        List<String> unchanged = new ArrayList<>();
        for (String name : byName.keySet()) {
            if (running.containsKey(name)) {
                (touched.contains(name) ? restarted : unchanged).add(name);
            }
        }
        return new ReloadPlan(removed, restarted, added, unchanged);
    }

    /** Nothing to do. */
    public boolean isEmpty() {
        return removed.isEmpty() && restarted.isEmpty() && added.isEmpty();
    }
}
