package io.vigil.director.config;

import java.util.List;

/** The LVS half of {@link ConfigJson}: virtual_server_groups and virtual_servers with their real servers and checkers. */
final class VirtualServerJson {

    private VirtualServerJson() {
    }

    static void write(JsonWriter w, KeepalivedConfig config) {
        w.name("virtual_server_groups").beginArray();
        for (VirtualServerGroup g : config.virtualServerGroups()) {
            w.beginObject().field("name", g.name()).name("entries").beginArray();
            for (VirtualServerGroupEntry e : g.entries()) {
                w.beginObject().field("ip", e.first()).field("last_ip", e.last() != null && !e.last().equals(e.first())
                        ? e.last() : null).field("port", e.port()).field("fwmark", e.fwmark()).endObject();
            }
            w.endArray().endObject();
        }
        w.endArray().name("virtual_servers").beginArray();
        config.virtualServers().forEach(vs -> virtualServer(w, vs));
        w.endArray();
    }

    private static void virtualServer(JsonWriter w, VirtualServer vs) {
        w.beginObject().field("ip", vs.address()).field("port", vs.port()).field("fwmark", vs.fwmark())
                .field("group", vs.group()).field("protocol", vs.protocol()).field("lvs_sched", vs.lvsSched().ipvsName());
        if (!vs.schedulerFlags().isEmpty()) {
            ConfigJson.strings(w, "scheduler_flags", vs.schedulerFlags());
        }
        w.field("lvs_method", vs.lvsMethod()).field("persistence_timeout", vs.persistenceTimeout())
                .field("persistence_granularity", vs.persistenceGranularity()).field("ha_suspend", vs.haSuspend())
                .field("virtualhost", vs.virtualhost()).field("alpha", vs.alpha()).field("omega", vs.omega())
                .field("quorum", vs.quorum()).field("hysteresis", vs.hysteresis());
        ConfigJson.script(w, "quorum_up", vs.quorumUp());
        ConfigJson.script(w, "quorum_down", vs.quorumDown());
        if (vs.sorryServer() != null) {
            w.name("sorry_server").beginObject().field("ip", vs.sorryServer()).field("port", vs.sorryServerPort())
                    .endObject();
        }
        w.field("sorry_server_inhibit", vs.sorryServerInhibit()).field("delay_loop", vs.delayLoop())
                .field("weight", vs.weight()).field("inhibit_on_failure", vs.inhibitOnFailure())
                .field("smtp_alert", vs.smtpAlert()).field("ip_family", vs.ipFamily());
        w.name("real_servers").beginArray();
        vs.realServers().forEach(rs -> realServer(w, rs));
        w.endArray();
        ConfigJson.settings(w, vs.unsupported());
        w.endObject();
    }

    private static void realServer(JsonWriter w, RealServer rs) {
        w.beginObject().field("ip", rs.address()).field("port", rs.port()).field("weight", rs.weight())
                .field("lvs_method", rs.lvsMethod());
        ConfigJson.script(w, "notify_up", rs.notifyUp());
        ConfigJson.script(w, "notify_down", rs.notifyDown());
        w.field("uthreshold", rs.uthreshold()).field("lthreshold", rs.lthreshold())
                .field("inhibit_on_failure", rs.inhibitOnFailure()).field("alpha", rs.alpha())
                .field("delay_loop", rs.delayLoop()).field("smtp_alert", rs.smtpAlert())
                .field("virtualhost", rs.virtualhost());
        w.name("checkers").beginArray();
        rs.checkers().forEach(c -> checker(w, c));
        w.endArray();
        ConfigJson.settings(w, rs.unsupported());
        w.endObject();
    }

    private static void checker(JsonWriter w, Checker c) {
        w.beginObject().field("type", c.type());
        switch (c) {
            case TcpCheck t -> settings(w, t.settings());
            case PingCheck p -> settings(w, p.settings());
            case HttpCheck h -> {
                settings(w, h.settings());
                w.field("http_protocol", h.httpProtocol()).field("virtualhost", h.virtualhost())
                        .field("fast_recovery", h.fastRecovery());
                if (h.tls()) {
                    w.field("enable_sni", h.enableSni()).field("sni_name", h.sniName())
                            .field("tls_compliant", h.tlsCompliant());
                }
                w.name("url").beginArray();
                h.urls().forEach(u -> url(w, u));
                w.endArray();
            }
            case MiscCheck m -> {
                settings(w, m.settings());
                w.field("misc_path", m.miscPath()).field("misc_timeout", m.miscTimeout())
                        .field("misc_dynamic", m.miscDynamic()).field("user", m.user());
            }
            case DnsCheck d -> {
                settings(w, d.settings());
                w.field("query_type", d.queryType()).field("name", d.name());
            }
            case SmtpCheck s -> {
                settings(w, s.settings());
                w.field("helo_name", s.heloName()).name("host").beginArray();
                for (CheckerSettings h : s.hosts()) {
                    w.beginObject();
                    settings(w, h);
                    w.endObject();
                }
                w.endArray();
            }
            case UdpCheck u -> {
                settings(w, u.settings());
                w.field("payload", u.payload()).field("require_reply", u.requireReply())
                        .field("reply", u.replyPattern()).field("min_reply_length", u.minReplyLength())
                        .field("max_reply_length", u.maxReplyLength());
            }
            case FileCheck f -> w.field("track_file", f.trackFile()).field("weight", f.weight())
                    .field("reverse", f.reverse()).field("dynamic", f.dynamic());
            case BfdCheck b -> w.field("name", b.name()).field("weight", b.weight());
        }
        w.endObject();
    }

    private static void url(JsonWriter w, UrlCheck u) {
        w.beginObject().field("path", u.path()).field("digest", u.digest());
        List<String> codes = u.statusCodes().stream()
                .map(r -> r.from() == r.to() ? Integer.toString(r.from()) : r.from() + "-" + r.to()).toList();
        ConfigJson.strings(w, "status_code", codes);
        w.field("virtualhost", u.virtualhost()).field("regex", u.regex())
                .field("regex_no_match", u.regexNoMatch() ? true : null).endObject();
    }

    private static void settings(JsonWriter w, CheckerSettings s) {
        w.field("connect_ip", s.connectIp()).field("connect_port", s.connectPort()).field("bindto", s.bindTo())
                .field("bind_port", s.bindPort()).field("bind_if", s.bindIf()).field("fwmark", s.fwmark())
                .field("alpha", s.alpha()).field("connect_timeout", s.connectTimeout()).field("retry", s.retry())
                .field("delay_before_retry", s.delayBeforeRetry()).field("warmup", s.warmup())
                .field("delay_loop", s.delayLoop()).field("log_all_failures", s.logAllFailures());
    }
}
