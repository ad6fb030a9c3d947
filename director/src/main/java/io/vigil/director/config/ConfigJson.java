package io.vigil.director.config;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The effective configuration as JSON ({@code vigil check-config --dump}): keys are keepalived's keyword names,
 * blocks nest as in the file, values are normalised (times in seconds, booleans, expanded parameters, synonyms
 * mapped to the current keyword, defaults applied).
 */
public final class ConfigJson {

    private ConfigJson() {
    }

    /** The JSON document for {@code config}. */
    public static String dump(KeepalivedConfig config) {
        JsonWriter w = new JsonWriter().beginObject();
        globalDefs(w.name("global_defs"), config.globalDefs());
        w.name("vrrp_scripts").beginArray();
        config.vrrpScripts().forEach(s -> script(w, s));
        w.endArray().name("track_files").beginArray();
        config.trackFiles().forEach(f -> w.beginObject().field("name", f.name()).field("file", f.file())
                .field("weight", f.weight()).field("reverse", f.reverse()).field("init_file", f.initFile())
                .field("overwrite", f.initOverwrite() ? true : null).endObject());
        w.endArray().name("vrrp_sync_groups").beginArray();
        config.vrrpSyncGroups().forEach(g -> syncGroup(w, g));
        w.endArray().name("vrrp_instances").beginArray();
        config.vrrpInstances().forEach(v -> instance(w, v));
        w.endArray();
        VirtualServerJson.write(w, config);
        settings(w, config.unsupported());
        return w.endObject() + "\n";
    }

    private static void globalDefs(JsonWriter w, GlobalDefs g) {
        w.beginObject().field("router_id", g.routerId());
        w.name("notification_email").beginArray();
        g.notificationEmail().forEach(w::value);
        w.endArray().field("notification_email_from", g.notificationEmailFrom())
                .field("smtp_server", g.smtpServer()).field("smtp_port", g.smtpServer() == null ? null : g.smtpPort())
                .field("smtp_connect_timeout", g.smtpConnectTimeout()).field("smtp_helo_name", g.smtpHeloName())
                .field("smtp_alert", g.smtpAlert()).field("vrrp_mcast_group4", g.vrrpMcastGroup4())
                .field("vrrp_mcast_group6", g.vrrpMcastGroup6()).field("vrrp_version", g.vrrpVersion())
                .field("vrrp_garp_master_delay", g.vrrpGarpMasterDelay())
                .field("vrrp_garp_master_repeat", g.vrrpGarpMasterRepeat())
                .field("vrrp_garp_master_refresh", g.vrrpGarpMasterRefresh())
                .field("vrrp_garp_master_refresh_repeat", g.vrrpGarpMasterRefreshRepeat())
                .field("vrrp_garp_lower_prio_delay", g.vrrpGarpLowerPrioDelay())
                .field("vrrp_garp_lower_prio_repeat", g.vrrpGarpLowerPrioRepeat())
                .field("vrrp_garp_interval", g.vrrpGarpInterval()).field("vrrp_gna_interval", g.vrrpGnaInterval())
                .field("vrrp_min_garp", g.vrrpMinGarp()).field("vrrp_lower_prio_no_advert", g.vrrpLowerPrioNoAdvert())
                .field("vrrp_higher_prio_send_advert", g.vrrpHigherPrioSendAdvert())
                .field("vrrp_down_timer_adverts", g.vrrpDownTimerAdverts())
                .field("vrrp_check_unicast_src", g.vrrpCheckUnicastSrc())
                .field("vrrp_skip_check_adv_addr", g.vrrpSkipCheckAdvAddr()).field("vrrp_strict", g.vrrpStrict())
                .field("v3_checksum_as_v2", g.v3ChecksumAsV2()).field("vrrp_startup_delay", g.vrrpStartupDelay())
                .field("script_user", g.scriptUser()).field("enable_script_security", g.enableScriptSecurity());
        LvsSyncDaemon sync = g.lvsSyncDaemon();
        if (sync != null) {
            w.name("lvs_sync_daemon").beginObject().field("interface", sync.interfaceName())
                    .field("inst", sync.vrrpInstance()).field("id", sync.syncId()).field("maxlen", sync.maxLength())
                    .field("port", sync.port()).field("ttl", sync.ttl()).field("group", sync.group().getHostAddress())
                    .endObject();
        }
        settings(w, g.unsupported());
        w.endObject();
    }

    private static void script(JsonWriter w, VrrpScript s) {
        w.beginObject().field("name", s.name()).field("script", s.script()).field("interval", s.interval())
                .field("timeout", s.timeout()).field("weight", s.weight()).field("reverse", s.reverse())
                .field("rise", s.rise()).field("fall", s.fall()).field("user", s.user()).field("group", s.group())
                .field("init_fail", s.initFail()).endObject();
    }

    private static void syncGroup(JsonWriter w, VrrpSyncGroup g) {
        w.beginObject().field("name", g.name()).name("group").beginArray();
        g.group().forEach(w::value);
        w.endArray();
        tracks(w, "track_interface", g.trackInterfaces());
        tracks(w, "track_script", g.trackScripts());
        tracks(w, "track_file", g.trackFiles());
        notify(w, g.notifyScripts());
        w.field("smtp_alert", g.smtpAlert()).field("notify_priority_changes", g.notifyPriorityChanges())
                .field("sync_group_tracking_weight", g.syncGroupTrackingWeight());
        settings(w, g.unsupported());
        w.endObject();
    }

    private static void instance(JsonWriter w, VrrpInstance v) {
        w.beginObject().field("name", v.name()).field("state", v.state()).field("interface", v.interfaceName())
                .field("virtual_router_id", v.virtualRouterId()).field("priority", v.priority())
                .field("advert_int", v.advertInterval()).field("version", v.version())
                .field("nopreempt", v.nopreempt()).field("preempt_delay", v.preemptDelay())
                .field("garp_master_delay", v.garpMasterDelay()).field("garp_master_repeat", v.garpMasterRepeat())
                .field("garp_master_refresh", v.garpMasterRefresh())
                .field("garp_master_refresh_repeat", v.garpMasterRefreshRepeat())
                .field("garp_lower_prio_delay", v.garpLowerPrioDelay())
                .field("garp_lower_prio_repeat", v.garpLowerPrioRepeat())
                .field("mcast_src_ip", v.mcastSrcIp()).field("unicast_src_ip", v.unicastSrcIp())
                .field("mcast_dst_ip", v.mcastDstIp());
        if (!v.unicastPeers().isEmpty()) {
            w.name("unicast_peer").beginArray();
            v.unicastPeers().forEach(p -> w.beginObject().field("ip", p.address()).field("min_ttl", p.minTtl())
                    .field("max_ttl", p.maxTtl()).endObject());
            w.endArray();
        }
        w.field("unicast_ttl", v.unicastTtl()).field("unicast_fault_no_peer", v.unicastFaultNoPeer());
        tracks(w, "track_interface", v.trackInterfaces());
        tracks(w, "track_script", v.trackScripts());
        tracks(w, "track_file", v.trackFiles());
        tracks(w, "track_process", v.trackProcesses());
        w.field("dont_track_primary", v.dontTrackPrimary());
        if (v.authentication() != null) {
            w.name("authentication").beginObject().field("auth_type", v.authentication().type())
                    .field("auth_pass", v.authentication().password()).endObject();
        }
        addresses(w, "virtual_ipaddress", v.virtualIpAddresses());
        addresses(w, "virtual_ipaddress_excluded", v.virtualIpAddressesExcluded());
        strings(w, "virtual_routes", v.virtualRoutes());
        strings(w, "virtual_rules", v.virtualRules());
        notify(w, v.notifyScripts());
        w.field("smtp_alert", v.smtpAlert()).field("notify_priority_changes", v.notifyPriorityChanges())
                .field("accept", v.accept()).field("use_vmac", v.useVmac())
                .field("down_timer_adverts", v.downTimerAdverts())
                .field("lower_prio_no_advert", v.lowerPrioNoAdvert())
                .field("higher_prio_send_advert", v.higherPrioSendAdvert()).field("strict_mode", v.strictMode())
                .field("skip_check_adv_addr", v.skipCheckAdvAddr()).field("check_unicast_src", v.checkUnicastSrc())
                .field("v3_checksum_as_v2", v.v3ChecksumAsV2());
        settings(w, v.unsupported());
        w.endObject();
    }

    private static void addresses(JsonWriter w, String key, List<VirtualIpAddress> list) {
        w.name(key).beginArray();
        for (VirtualIpAddress a : list) {
            w.beginObject().field("ip", a.address()).field("prefix", a.prefixLength()).field("brd", a.broadcast())
                    .field("dev", a.dev()).field("scope", a.scope()).field("label", a.label()).field("peer", a.peer())
                    .field("no_track", a.noTrack() ? true : null);
            if (!a.flags().isEmpty()) {
                strings(w, "flags", a.flags());
            }
            w.endObject();
        }
        w.endArray();
    }

    static void tracks(JsonWriter w, String key, List<Track> tracks) {
        if (tracks.isEmpty()) {
            return;
        }
        w.name(key).beginArray();
        tracks.forEach(t -> w.beginObject().field("name", t.name()).field("weight", t.weight())
                .field("reverse", t.reverse() ? true : null).endObject());
        w.endArray();
    }

    static void notify(JsonWriter w, Map<String, NotifyScript> scripts) {
        new TreeMap<>(scripts).forEach((k, s) -> script(w, k, s));
    }

    static void script(JsonWriter w, String key, NotifyScript s) {
        if (s != null) {
            w.name(key).beginObject().field("command", s.command()).field("user", s.user())
                    .field("group", s.group()).endObject();
        }
    }

    static void strings(JsonWriter w, String key, List<String> values) {
        w.name(key).beginArray();
        values.forEach(w::value);
        w.endArray();
    }

    /** Accepted-but-unsupported settings, under {@code "not_supported"} so they are visible in the dump. */
    static void settings(JsonWriter w, List<Setting> settings) {
        if (settings.isEmpty()) {
            return;
        }
        w.name("not_supported").beginArray();
        for (Setting s : settings) {
            setting(w, s);
        }
        w.endArray();
    }

    private static void setting(JsonWriter w, Setting s) {
        w.beginObject().field("keyword", s.keyword());
        strings(w, "args", s.args());
        if (!s.block().isEmpty()) {
            w.name("block").beginArray();
            s.block().forEach(b -> setting(w, b));
            w.endArray();
        }
        w.endObject();
    }
}
