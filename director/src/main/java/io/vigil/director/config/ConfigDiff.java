package io.vigil.director.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * What a reload changes, keyed by identity as keepalived keys it: {@code vrrp_instance}, {@code vrrp_script},
 * {@code track_file}, {@code vrrp_sync_group} and {@code virtual_server_group} by name; {@code virtual_server} by
 * {@link VirtualServer#label() address, protocol and port, or fwmark, or group}; {@code real_server} by address and
 * port within its virtual server. Content is compared blind to source positions, so reordering, comments and
 * includes change nothing. Both {@code vigil check-config --diff} and the daemon's reload use it, and the dataplane
 * hears it through the daemon's reload hook. Built by the pure {@link #between}. Immutable; thread-safe.
 *
 * @param globalDefs          the {@code global_defs} keywords that differ (empty when none)
 * @param vrrpScripts         {@code vrrp_script}s
 * @param trackFiles          {@code track_file}s
 * @param vrrpSyncGroups      {@code vrrp_sync_group}s
 * @param vrrpInstances       {@code vrrp_instance}s
 * @param virtualServerGroups {@code virtual_server_group}s
 * @param addedVirtualServers   virtual servers only in the new file, in its order
 * @param removedVirtualServers virtual servers only in the running configuration
 * @param changedVirtualServers virtual servers in both whose keywords or real servers differ
 */
public record ConfigDiff(List<String> globalDefs, Changes<VrrpScript> vrrpScripts, Changes<TrackFile> trackFiles,
                         Changes<VrrpSyncGroup> vrrpSyncGroups, Changes<VrrpInstance> vrrpInstances,
                         Changes<VirtualServerGroup> virtualServerGroups, List<VirtualServer> addedVirtualServers,
                         List<VirtualServer> removedVirtualServers, List<VirtualServerChange> changedVirtualServers) {

    public ConfigDiff {
        globalDefs = List.copyOf(globalDefs);
        Objects.requireNonNull(vrrpScripts, "vrrpScripts");
        Objects.requireNonNull(trackFiles, "trackFiles");
        Objects.requireNonNull(vrrpSyncGroups, "vrrpSyncGroups");
        Objects.requireNonNull(vrrpInstances, "vrrpInstances");
        Objects.requireNonNull(virtualServerGroups, "virtualServerGroups");
        addedVirtualServers = List.copyOf(addedVirtualServers);
        removedVirtualServers = List.copyOf(removedVirtualServers);
        changedVirtualServers = List.copyOf(changedVirtualServers);
    }

    /** The differences between the running configuration {@code before} and the new file's {@code after}. Pure. */
    public static ConfigDiff between(KeepalivedConfig before, KeepalivedConfig after) {
        List<String> global = ModelComparison.differingKeywords(before.globalDefs(), after.globalDefs(), Set.of());
        Changes<VirtualServer> services = Changes.between(before.virtualServers(), after.virtualServers(),
                VirtualServer::label, Set.of("realServers"));
        List<VirtualServerChange> changed = new ArrayList<>();
        Map<String, VirtualServer> old = new LinkedHashMap<>();
        before.virtualServers().forEach(vs -> old.putIfAbsent(vs.label(), vs));
        Set<String> seen = new HashSet<>();
        for (VirtualServer vs : after.virtualServers()) {
            VirtualServer previous = old.get(vs.label());
            if (previous == null || !seen.add(vs.label())) {
                continue;
            }
            Changes<RealServer> reals = Changes.between(previous.realServers(), vs.realServers(),
                    ConfigDiff::realServerKey, Set.of());
            List<String> keywords = ModelComparison.differingKeywords(previous, vs, Set.of("realServers"));
            if (!keywords.isEmpty() || !reals.isEmpty()) {
                changed.add(new VirtualServerChange(vs.label(), previous, vs, keywords, reals));
            }
        }
        return new ConfigDiff(global,
                Changes.between(before.vrrpScripts(), after.vrrpScripts(), VrrpScript::name, Set.of()),
                Changes.between(before.trackFiles(), after.trackFiles(), TrackFile::name, Set.of()),
                Changes.between(before.vrrpSyncGroups(), after.vrrpSyncGroups(), VrrpSyncGroup::name, Set.of()),
                Changes.between(before.vrrpInstances(), after.vrrpInstances(), VrrpInstance::name, Set.of()),
                Changes.between(before.virtualServerGroups(), after.virtualServerGroups(), VirtualServerGroup::name,
                        Set.of()),
                services.added(), services.removed(), changed);
    }

    /** A real server's identity within its virtual server: {@code ip:port} ({@code [ip]:port} for IPv6, port 0 when none). */
    public static String realServerKey(RealServer rs) {
        String ip = JsonWriter.address(rs.address());
        return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + (rs.port() == null ? 0 : rs.port());
    }

    /** True when the new file changes nothing. */
    public boolean isEmpty() {
        return globalDefs.isEmpty() && vrrpScripts.isEmpty() && trackFiles.isEmpty() && vrrpSyncGroups.isEmpty()
                && vrrpInstances.isEmpty() && virtualServerGroups.isEmpty() && addedVirtualServers.isEmpty()
                && removedVirtualServers.isEmpty() && changedVirtualServers.isEmpty();
    }

    /**
     * One line per change, {@code +} added, {@code -} removed, {@code ~} changed (with the keywords that differ),
     * e.g. {@code ~ real_server 198.18.0.2:80 of virtual_server [198.18.0.10]:tcp:80: weight}. Empty when nothing
     * changes.
     */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        if (!globalDefs.isEmpty()) {
            out.add("~ global_defs: " + String.join(", ", globalDefs));
        }
        describe(out, "vrrp_script", vrrpScripts, VrrpScript::name, "");
        describe(out, "track_file", trackFiles, TrackFile::name, "");
        describe(out, "vrrp_sync_group", vrrpSyncGroups, VrrpSyncGroup::name, "");
        describe(out, "vrrp_instance", vrrpInstances, VrrpInstance::name, "");
        describe(out, "virtual_server_group", virtualServerGroups, VirtualServerGroup::name, "");
        describe(out, "virtual_server", new Changes<>(addedVirtualServers, removedVirtualServers, List.of()),
                VirtualServer::label, "");
        for (VirtualServerChange c : changedVirtualServers) {
            if (!c.keywords().isEmpty()) {
                out.add("~ virtual_server " + c.key() + ": " + String.join(", ", c.keywords()));
            }
            describe(out, "real_server", c.realServers(), ConfigDiff::realServerKey,
                    " of virtual_server " + c.key());
        }
        return out;
    }

    private static <T> void describe(List<String> out, String kind, Changes<T> changes,
                                     Function<T, String> key, String suffix) {
        changes.added().forEach(t -> out.add("+ " + kind + " " + key.apply(t) + suffix));
        changes.removed().forEach(t -> out.add("- " + kind + " " + key.apply(t) + suffix));
        changes.changed().forEach(c -> out.add("~ " + kind + " " + c.key() + suffix + ": "
                + String.join(", ", c.keywords())));
    }
}
