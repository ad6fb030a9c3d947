package io.vigil.director.config;

import java.util.List;
import java.util.Map;

/**
 * A {@code vrrp_sync_group} block: instances that change state together (keepalived.conf(5)
 * "VRRP synchronization group(s)").
 *
 * @param name                    the group's name
 * @param group                   the member instance names
 * @param trackInterfaces         {@code track_interface} entries
 * @param trackScripts            {@code track_script} entries
 * @param trackFiles              {@code track_file} entries
 * @param notifyScripts                notify scripts by keyword ({@code notify_master}, {@code notify}, ...)
 * @param smtpAlert               {@code smtp_alert}, or null when not set
 * @param notifyPriorityChanges   {@code notify_priority_changes}
 * @param syncGroupTrackingWeight whether weighted trackers count inside the group
 * @param unsupported             accepted keywords Vigil does not implement
 * @param position                where the block starts
 */
public record VrrpSyncGroup(String name, List<String> group, List<Track> trackInterfaces, List<Track> trackScripts,
        List<Track> trackFiles, Map<String, NotifyScript> notifyScripts, Boolean smtpAlert,
        boolean notifyPriorityChanges, boolean syncGroupTrackingWeight, List<Setting> unsupported, SourcePosition position) {
}
