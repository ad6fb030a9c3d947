package io.vigil.director.config;

import java.util.List;

/**
 * A whole keepalived.conf, immutable, defaults applied: what the VRRP and health-check engines consume.
 *
 * @param globalDefs          {@code global_defs} (defaults when absent)
 * @param vrrpScripts         {@code vrrp_script} blocks
 * @param trackFiles          {@code track_file} / {@code vrrp_track_file} blocks
 * @param vrrpSyncGroups      {@code vrrp_sync_group} blocks
 * @param vrrpInstances       {@code vrrp_instance} blocks
 * @param virtualServerGroups {@code virtual_server_group} blocks
 * @param virtualServers      {@code virtual_server} blocks
 * @param unsupported         accepted top-level keywords and blocks Vigil does not implement
 */
public record KeepalivedConfig(GlobalDefs globalDefs, List<VrrpScript> vrrpScripts, List<TrackFile> trackFiles,
        List<VrrpSyncGroup> vrrpSyncGroups, List<VrrpInstance> vrrpInstances,
        List<VirtualServerGroup> virtualServerGroups, List<VirtualServer> virtualServers, List<Setting> unsupported) {

    /**
     * Whether {@code net_namespace} is set: the interfaces and scripts then live in that namespace, so this host's
     * are not checked (keepalived 2.2.7's {@code -t} checks nothing beyond the file's syntax then).
     */
    public boolean inNetNamespace() {
        return unsupported.stream().anyMatch(s -> s.keyword().equals("net_namespace"))
                || globalDefs.unsupported().stream().anyMatch(s -> s.keyword().equals("net_namespace"));
    }
}
