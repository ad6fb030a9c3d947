package io.vigil.director.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Turns the top-level {@link Statement}s into a {@link KeepalivedConfig} (vrrp_parser.c L2282-2461; check_parser.c). */
final class ConfigBuilder {

    /** Top-level blocks and keywords keepalived 2.2.7 accepts that Vigil keeps but does not implement. */
    static final Set<String> UNSUPPORTED = Set.of("linkbeat_interfaces", "interface_up_down_delays", "track_group",
            "static_ipaddress", "static_routes", "static_rules", "vrrp_track_process", "bfd_instance", "garp_group",
            "SSL", "net_namespace", "net_namespace_ipvs", "instance", "use_pid_dir", "child_wait_time",
            "linkbeat_use_polling");

    private final StatementReader in;
    private final java.util.function.Predicate<String> interfaceExists;

    ConfigBuilder(Diagnostics diagnostics, java.util.function.Predicate<String> interfaceExists) {
        this.in = new StatementReader(diagnostics);
        this.interfaceExists = interfaceExists;
    }

    KeepalivedConfig build(List<Statement> top) {
        List<Statement> globalBody = new ArrayList<>();
        Statement firstGlobal = null;
        for (Statement s : top) {
            if (s.name().equals("global_defs")) {
                firstGlobal = firstGlobal == null ? s : firstGlobal;
                globalBody.addAll(s.children());
            }
        }
        GlobalDefs global = firstGlobal == null ? GlobalDefsReader.defaults()
                : new GlobalDefsReader(in).read(new Statement(firstGlobal.keyword(), firstGlobal.args(),
                        List.copyOf(globalBody), firstGlobal.closedAt()));
        VrrpTrackerReader trackers = new VrrpTrackerReader(in);
        // With net_namespace the interfaces live in that namespace, so keepalived -t does not look for them here.
        boolean otherNamespace = top.stream().anyMatch(s -> s.name().equals("net_namespace"))
                || global.unsupported().stream().anyMatch(s -> s.keyword().equals("net_namespace"));
        VrrpInstanceReader instances = new VrrpInstanceReader(in, global, otherNamespace ? null : interfaceExists);
        VirtualServerReader servers = new VirtualServerReader(in);
        List<VrrpScript> scripts = new ArrayList<>();
        List<TrackFile> trackFiles = new ArrayList<>();
        List<VrrpSyncGroup> groups = new ArrayList<>();
        List<VrrpInstance> vrrps = new ArrayList<>();
        List<VirtualServerGroup> vsgs = new ArrayList<>();
        List<VirtualServer> vss = new ArrayList<>();
        List<Setting> unsupported = new ArrayList<>();
        for (Statement s : top) {
            if (!s.hasBlock() && Set.of("vrrp_script", "track_file", "vrrp_track_file", "vrrp_sync_group",
                    "vrrp_instance", "virtual_server_group", "virtual_server", "global_defs").contains(s.name())) {
                in.diagnostics().error(s.position(), "'" + s.name() + "' has no block, expected '" + s.name()
                        + " ... { ... }'");
                continue;
            }
            switch (s.name()) {
                case "global_defs" -> { }
                case "vrrp_script" -> add(scripts, trackers.script(s));
                case "track_file" -> add(trackFiles, trackers.trackFile(s));
                case "vrrp_track_file" -> {
                    in.diagnostics().warning(s.position(), "'vrrp_track_file' is deprecated, expected 'track_file'");
                    add(trackFiles, trackers.trackFile(s));
                }
                case "vrrp_sync_group" -> add(groups, trackers.syncGroup(s));
                case "vrrp_instance" -> add(vrrps, instances.read(s));
                case "virtual_server_group" -> add(vsgs, servers.group(s));
                case "virtual_server" -> add(vss, servers.read(s));
                default -> {
                    if (UNSUPPORTED.contains(s.name())) {
                        unsupported.add(in.unsupported(s));
                    } else {
                        in.unknown(s, "the top level");
                    }
                }
            }
        }
        return new KeepalivedConfig(global, List.copyOf(scripts), List.copyOf(trackFiles), List.copyOf(groups),
                List.copyOf(vrrps), List.copyOf(vsgs), List.copyOf(vss), List.copyOf(unsupported));
    }

    private static <T> void add(List<T> list, T item) {
        if (item != null) {
            list.add(item);
        }
    }
}
