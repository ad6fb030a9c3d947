package io.vigil.director.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sync-group checks keepalived 2.2.7 makes after reading (vrrp_sync.c {@code vrrp_sync_set_group}, vrrp.c
 * {@code vrrp_complete_instance}): an instance belongs to one sync group at most (later groups lose it, and a group
 * left empty is removed), and a member of a group without {@code sync_group_tracking_weight}, like an address owner
 * (priority 255), does not use weighted trackers (weighted scripts and files are dropped, interface weights become
 * 0). Each correction is reported as keepalived reports it. Not thread-safe: one per configuration load.
 */
final class SyncGroupValidator {

    private static final int OWNER_PRIORITY = 255;

    private final Diagnostics d;

    SyncGroupValidator(Diagnostics diagnostics) {
        this.d = diagnostics;
    }

    /** The groups with each instance kept in its first group only; groups left without members removed. */
    List<VrrpSyncGroup> groups(List<VrrpSyncGroup> groups) {
        Map<String, VrrpSyncGroup> owner = new HashMap<>();
        List<VrrpSyncGroup> kept = new ArrayList<>();
        for (VrrpSyncGroup g : groups) {
            List<String> members = new ArrayList<>();
            for (String member : g.group()) {
                VrrpSyncGroup first = owner.putIfAbsent(member, g);
                if (first != null && first != g) {
                    d.corrected(g.position(), "vrrp_sync_group " + g.name() + ": vrrp_instance " + member
                            + " is already in vrrp_sync_group " + first.name() + " (" + first.position()
                            + "), expected an instance in one sync group at most; ignored here");
                } else if (first == null) {
                    members.add(member);
                }
            }
            if (members.isEmpty()) {
                d.corrected(g.position(), "vrrp_sync_group " + g.name() + " has no member left, expected at least"
                        + " one instance that is in no other group; the group is removed");
                continue;
            }
            kept.add(new VrrpSyncGroup(g.name(), List.copyOf(members), g.trackInterfaces(), g.trackScripts(),
                    g.trackFiles(), g.notifyScripts(), g.smtpAlert(), g.notifyPriorityChanges(),
                    g.syncGroupTrackingWeight(), g.unsupported(), g.position()));
        }
        return List.copyOf(kept);
    }

    /**
     * The instance with the weighted trackers keepalived ignores removed or unweighted, when it is in a group
     * without {@code sync_group_tracking_weight} or is the address owner.
     */
    VrrpInstance trackers(VrrpInstance v, List<VrrpSyncGroup> groups, List<VrrpScript> scripts, List<TrackFile> files) {
        VrrpSyncGroup group = groups.stream().filter(g -> g.group().contains(v.name())).findFirst().orElse(null);
        boolean inGroup = group != null && !group.syncGroupTrackingWeight();
        if (!inGroup && v.priority() != OWNER_PRIORITY) {
            return v;
        }
        String why = inGroup ? "it is in vrrp_sync_group " + group.name() + " without sync_group_tracking_weight"
                : "it is the address owner (priority 255)";
        List<Track> interfaces = new ArrayList<>();
        for (Track t : v.trackInterfaces()) {
            if (t.weight() != null && t.weight() != 0) {
                d.corrected(t.position(), "vrrp_instance " + v.name() + ": track_interface " + t.name() + " weight "
                        + t.weight() + " is ignored because " + why + "; expected no weight");
                interfaces.add(inGroup ? new Track(t.name(), 0, t.reverse(), t.position()) : null);
            } else {
                interfaces.add(t);
            }
        }
        interfaces.removeIf(t -> t == null);
        List<Track> keptScripts = new ArrayList<>();
        for (Track t : v.trackScripts()) {
            int weight = t.weight() != null ? t.weight() : scripts.stream().filter(s -> s.name().equals(t.name()))
                    .mapToInt(VrrpScript::weight).findFirst().orElse(0);
            if (weight != 0) {
                d.corrected(t.position(), "vrrp_instance " + v.name() + ": track_script " + t.name() + " has weight "
                        + weight + ", which is ignored because " + why + "; the script is not tracked (expected"
                        + " weight 0 or sync_group_tracking_weight)");
            } else {
                keptScripts.add(t);
            }
        }
        List<Track> keptFiles = new ArrayList<>();
        for (Track t : v.trackFiles()) {
            int weight = t.weight() != null ? t.weight() : files.stream().filter(f -> f.name().equals(t.name()))
                    .mapToInt(TrackFile::weight).findFirst().orElse(1);
            if (weight == 1) {
                d.corrected(t.position(), "vrrp_instance " + v.name() + ": track_file " + t.name() + " has the default"
                        + " weight 1, which is ignored because " + why + "; expected 'weight 0'");
                keptFiles.add(new Track(t.name(), 0, t.reverse(), t.position()));
            } else if (weight != 0) {
                d.corrected(t.position(), "vrrp_instance " + v.name() + ": track_file " + t.name() + " has weight "
                        + weight + ", which is ignored because " + why + "; the file is not tracked");
            } else {
                keptFiles.add(t);
            }
        }
        return v.withTracks(List.copyOf(interfaces), List.copyOf(keptScripts), List.copyOf(keptFiles));
    }
}
