package io.vigil.director.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keywords Vigil reads into its model but does not apply at run time, found in a configuration: one warning per
 * keyword (at its first use, with the number of uses), so that {@code check-config} says before {@code run} what
 * will not happen. Keywords Vigil does not model at all are already reported while reading ("accepted but not
 * supported"). Stateless; thread-safe.
 */
public final class NotAppliedKeywords {

    private record Use(SourcePosition first, int count, String effect) {
    }

    private NotAppliedKeywords() {
    }

    /** One warning per keyword that is set in {@code config} but not applied, ordered by first use. */
    public static List<Diagnostic> warnings(KeepalivedConfig config) {
        Map<String, Use> uses = new LinkedHashMap<>();
        GlobalDefs g = config.globalDefs();
        if (!g.notificationEmail().isEmpty()) {
            use(uses, "notification_email", g.position(), "no e-mail is sent");
        }
        if (g.smtpServer() != null) {
            use(uses, "smtp_server", g.position(), "no e-mail is sent");
        }
        smtp(uses, g.smtpAlert(), g.position());
        for (VrrpInstance v : config.vrrpInstances()) {
            if (v.useVmac() != null) {
                use(uses, "use_vmac", v.position(), "the VIPs go on the interface itself, with its own MAC address");
            }
            if (v.mcastDstIp() != null) {
                use(uses, "mcast_dst_ip", v.position(), "adverts go to the global multicast group");
            }
            if (v.unicastTtl() != null) {
                use(uses, "unicast_ttl", v.position(), "unicast adverts are sent with TTL 255");
            }
            if (!v.virtualRoutes().isEmpty()) {
                use(uses, "virtual_routes", v.position(), "the routes are not installed on MASTER");
            }
            if (!v.virtualRules().isEmpty()) {
                use(uses, "virtual_rules", v.position(), "the rules are not installed on MASTER");
            }
            smtp(uses, v.smtpAlert(), v.position());
        }
        for (VrrpSyncGroup sg : config.vrrpSyncGroups()) {
            smtp(uses, sg.smtpAlert(), sg.position());
        }
        for (VirtualServer vs : config.virtualServers()) {
            smtp(uses, vs.smtpAlert(), vs.position());
            for (RealServer rs : vs.realServers()) {
                rs.checkers().forEach(ch -> checker(uses, ch));
            }
        }
        List<Diagnostic> out = new ArrayList<>();
        uses.forEach((keyword, u) -> out.add(new Diagnostic(u.first(), Severity.WARNING, "'" + keyword + "' is read"
                + " but not applied by Vigil (" + u.count() + (u.count() == 1 ? " use" : " uses") + ", the first here):"
                + " " + u.effect(), false)));
        return List.copyOf(out);
    }

    private static void checker(Map<String, Use> uses, Checker ch) {
        switch (ch) {
            case HttpCheck h -> {
                if (h.fastRecovery()) {
                    use(uses, "fast_recovery", h.position(), "a failed real server needs its full retry cycle");
                }
                h.urls().stream().filter(u -> u.regex() != null).forEach(u -> use(uses, "regex", u.position(),
                        "only the status code and digest are checked"));
                settings(uses, h.settings(), h.position());
            }
            case TcpCheck t -> settings(uses, t.settings(), t.position());
            case DnsCheck t -> settings(uses, t.settings(), t.position());
            case UdpCheck t -> settings(uses, t.settings(), t.position());
            case BfdCheck b -> use(uses, "BFD_CHECK", b.position(), "the checker is skipped");
            case FileCheck f -> {
                if (f.dynamic()) {
                    use(uses, "dynamic", f.position(), "the file's value times the weight is added instead");
                }
            }
            default -> { }
        }
    }

    private static void settings(Map<String, Use> uses, CheckerSettings s, SourcePosition at) {
        if (s.bindIf() != null) {
            use(uses, "bind_if", at, "the checker connects without binding to the interface");
        }
        if (s.fwmark() != null) {
            use(uses, "fwmark", at, "the checker's packets are not marked");
        }
    }

    private static void smtp(Map<String, Use> uses, Boolean alert, SourcePosition at) {
        if (Boolean.TRUE.equals(alert)) {
            use(uses, "smtp_alert", at, "no e-mail is sent");
        }
    }

    private static boolean isSet(Duration d) {
        return d != null && !d.isZero();
    }

    private static void use(Map<String, Use> uses, String keyword, SourcePosition at, String effect) {
        uses.merge(keyword, new Use(at, 1, effect), (a, b) -> new Use(a.first(), a.count() + 1, a.effect()));
    }
}
