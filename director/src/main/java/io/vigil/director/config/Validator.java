package io.vigil.director.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cross-block checks keepalived makes after reading (vrrp.c {@code vrrp_complete_init}, check_data.c
 * {@code validate_check_config}): duplicate names and VRIDs, references to missing scripts, files, instances and
 * groups, duplicate real servers and address family mixes.
 * Returns the configuration with what keepalived would remove removed.
 */
final class Validator {

    private final Diagnostics d;

    Validator(Diagnostics diagnostics) {
        this.d = diagnostics;
    }

    KeepalivedConfig validate(KeepalivedConfig c) {
        Set<String> scripts = new HashSet<>();
        c.vrrpScripts().forEach(s -> scripts.add(s.name()));
        Set<String> files = new HashSet<>();
        c.trackFiles().forEach(f -> files.add(f.name()));
        Map<String, VrrpInstance> names = new HashMap<>();
        Map<String, VrrpInstance> vrids = new HashMap<>();
        List<VrrpInstance> instances = new ArrayList<>();
        SyncGroupValidator syncGroups = new SyncGroupValidator(d);
        List<VrrpSyncGroup> groupList = syncGroups.groups(c.vrrpSyncGroups());
        for (VrrpInstance v : c.vrrpInstances()) {
            VrrpInstance earlier = names.putIfAbsent(v.name(), v);
            if (earlier != null) {
                d.error(v.position(), "duplicate vrrp_instance name '" + v.name() + "', first defined at "
                        + earlier.position() + "; expected unique names, this one is ignored");
                continue;
            }
            if (v.virtualRouterId() > 0 && v.unicastPeers().isEmpty()) {
                String key = v.interfaceName() + "/" + (v.ipv6() ? "inet6" : "inet") + "/" + v.virtualRouterId();
                VrrpInstance other = vrids.putIfAbsent(key, v);
                if (other != null) {
                    d.error(v.position(), "vrrp_instance " + v.name() + ": virtual_router_id " + v.virtualRouterId()
                            + " is already used by " + other.name() + " (" + other.position() + ") on interface "
                            + v.interfaceName() + " for " + (v.ipv6() ? "IPv6" : "IPv4")
                            + "; expected a unique VRID per interface and family");
                }
            }
            instances.add(syncGroups.trackers(v.withTracks(known(v, "track_script", v.trackScripts(), scripts),
                    known(v, "track_file", v.trackFiles(), files)), groupList, c.vrrpScripts(), c.trackFiles()));
        }
        LvsSyncDaemon sync = c.globalDefs().lvsSyncDaemon();
        if (sync != null && !names.containsKey(sync.vrrpInstance())) {
            d.error(sync.position(), "lvs_sync_daemon: vrrp_instance '" + sync.vrrpInstance()
                    + "' is not defined; expected the name of the instance whose state the sync role follows");
        }
        for (VrrpSyncGroup g : groupList) {
            for (String member : g.group()) {
                if (!names.containsKey(member)) {
                    d.error(g.position(), "vrrp_sync_group " + g.name() + ": member '" + member
                            + "' is not a vrrp_instance; expected the name of an instance");
                }
            }
        }
        Set<String> groups = new HashSet<>();
        c.virtualServerGroups().forEach(g -> groups.add(g.name()));
        Set<String> bfds = new HashSet<>();
        c.unsupported().stream().filter(s -> s.keyword().equals("bfd_instance") && !s.args().isEmpty())
                .forEach(s -> bfds.add(s.args().getFirst()));
        List<VirtualServer> servers = new ArrayList<>();
        VirtualServerValidator pools = new VirtualServerValidator(d);
        for (VirtualServer vs : c.virtualServers()) {
            if (vs.group() != null && !groups.contains(vs.group())) {
                d.error(vs.position(), "virtual_server group " + vs.group() + ": no virtual_server_group of that"
                        + " name, expected one defined in the file");
            }
            servers.add(pools.corrected(vs.withRealServers(realServers(vs, files, bfds))));
        }
        return new KeepalivedConfig(c.globalDefs(), c.vrrpScripts(), c.trackFiles(), groupList,
                List.copyOf(instances), c.virtualServerGroups(), List.copyOf(servers), c.unsupported());
    }

    private List<Track> known(VrrpInstance v, String what, List<Track> tracks, Set<String> defined) {
        List<Track> kept = new ArrayList<>();
        for (Track t : tracks) {
            if (defined.contains(t.name())) {
                kept.add(t);
            } else {
                d.error(t.position(), "vrrp_instance " + v.name() + ": " + what + " '" + t.name()
                        + "' is not defined, expected a " + (what.equals("track_script") ? "vrrp_script" : "track_file")
                        + " of that name; ignored");
            }
        }
        return List.copyOf(kept);
    }

    private List<RealServer> realServers(VirtualServer vs, Set<String> files, Set<String> bfds) {
        List<RealServer> kept = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (RealServer rs : vs.realServers()) {
            String key = JsonWriter.address(rs.address()) + "/" + rs.port();
            if (!seen.add(key)) {
                d.error(rs.position(), "virtual_server " + vs.label() + ": real_server " + JsonWriter.address(rs.address())
                        + " " + (rs.port() == null ? "" : rs.port()) + " is duplicated, expected each real server once;"
                        + " the second is removed");
                continue;
            }
            for (Checker ch : rs.checkers()) {
                if (ch instanceof BfdCheck b && !bfds.contains(b.name())) {
                    d.error(b.position(), "BFD_CHECK: bfd_instance '" + b.name() + "' is not configured, expected"
                            + " a bfd_instance block of that name");
                }
                if (ch instanceof FileCheck f && !files.contains(f.trackFile())) {
                    d.error(f.position(), "FILE_CHECK: track_file '" + f.trackFile() + "' is not defined, expected"
                            + " a track_file block of that name");
                }
            }
            kept.add(rs);
        }
        return List.copyOf(kept);
    }

}
