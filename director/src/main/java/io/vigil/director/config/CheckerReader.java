package io.vigil.director.config;

import static io.vigil.director.config.GlobalDefsReader.orElse;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads checker blocks inside a real_server (keepalived.conf(5) checker sections; check_api.c, check_http.c,
 * check_smtp.c, check_dns.c, check_misc.c, check_udp.c, check_ping.c, check_file.c, check_bfd.c).
 */
final class CheckerReader {

    /** The checker block keywords. */
    static final Set<String> TYPES = Set.of("TCP_CHECK", "HTTP_GET", "SSL_GET", "MISC_CHECK", "DNS_CHECK",
            "SMTP_CHECK", "UDP_CHECK", "PING_CHECK", "FILE_CHECK", "BFD_CHECK");
    private static final List<String> DNS_TYPES = List.of("A", "NS", "CNAME", "SOA", "MX", "TXT", "AAAA");

    private final StatementReader in;

    CheckerReader(StatementReader in) {
        this.in = in;
    }

    /** Mutable accumulator for the shared socket options of one checker or SMTP host. */
    private static final class Common {
        InetAddress connectIp;
        Integer connectPort;
        InetAddress bindTo;
        Integer bindPort;
        String bindIf;
        Integer fwmark;
        boolean logAllFailures;
        InheritedCheckOptions inherited;

        Common(InheritedCheckOptions inherited) {
            this.inherited = inherited;
        }

        CheckerSettings build(int defaultRetry, Duration defaultDelayBeforeRetry) {
            Duration delayLoop = inherited.delayLoop();
            return new CheckerSettings(connectIp, connectPort, bindTo, bindPort, bindIf, fwmark, inherited.alpha(),
                    inherited.connectTimeout(), orElse(inherited.retry(), defaultRetry),
                    orElse(inherited.delayBeforeRetry(), defaultDelayBeforeRetry == null ? delayLoop
                            : defaultDelayBeforeRetry), inherited.warmup(), delayLoop, logAllFailures);
        }
    }

    /** Handles a shared socket option; false when {@code s} is not one. */
    private boolean common(Statement s, Common c) {
        switch (s.name()) {
            case "connect_ip" -> c.connectIp = orElse(in.address(s, 0), c.connectIp);
            case "connect_port" -> c.connectPort = orElse(in.intArg(s, 0, 1, 65535), c.connectPort);
            case "bindto" -> c.bindTo = orElse(in.address(s, 0), c.bindTo);
            case "bind_port" -> c.bindPort = orElse(in.intArg(s, 0, 1, 65535), c.bindPort);
            case "bind_if" -> c.bindIf = in.required(s, 0, "an interface name");
            case "fwmark" -> c.fwmark = orElse(in.intArg(s, 0, 0, 0xffffffffL), c.fwmark);
            case "log_all_failures" -> c.logAllFailures = in.flag(s);
            default -> {
                InheritedCheckOptions next = c.inherited.with(s, in);
                if (next == null) {
                    return false;
                }
                c.inherited = next;
            }
        }
        return true;
    }

    /** The checker in {@code block}, or null when it is dropped. */
    Checker read(Statement block, InheritedCheckOptions inherited, String virtualhost) {
        return switch (block.name()) {
            case "TCP_CHECK", "PING_CHECK" -> simple(block, inherited);
            case "HTTP_GET", "SSL_GET" -> http(block, inherited, virtualhost);
            case "MISC_CHECK" -> misc(block, inherited);
            case "DNS_CHECK" -> dns(block, inherited);
            case "SMTP_CHECK" -> smtp(block, inherited);
            case "UDP_CHECK" -> udp(block, inherited);
            case "FILE_CHECK" -> file(block);
            default -> bfd(block);
        };
    }

    private Checker simple(Statement block, InheritedCheckOptions inherited) {
        Common c = new Common(inherited);
        for (Statement s : block.children()) {
            if (!common(s, c)) {
                in.unknown(s, block.name());
            }
        }
        CheckerSettings settings = c.build(1, Duration.ofSeconds(1));
        return block.name().equals("TCP_CHECK") ? new TcpCheck(settings, block.position())
                : new PingCheck(settings, block.position());
    }

    private Checker http(Statement block, InheritedCheckOptions inherited, String vsVirtualhost) {
        Common c = new Common(inherited);
        String protocol = "1.0";
        String virtualhost = vsVirtualhost;
        boolean fastRecovery = false;
        List<UrlCheck> urls = new ArrayList<>();
        boolean sni = false;
        String sniName = null;
        boolean tlsCompliant = false;
        for (Statement s : block.children()) {
            if (common(s, c)) {
                continue;
            }
            switch (s.name()) {
                case "http_protocol" -> protocol = orElse(in.choice(s, 0, List.of("1.0", "1.0C", "1.1"), true), protocol);
                case "virtualhost" -> virtualhost = in.required(s, 0, "a host name");
                case "fast_recovery" -> fastRecovery = in.flag(s);
                case "url" -> urls.add(url(s));
                case "enable_sni" -> sni = in.flag(s);
                case "sni_name" -> {
                    in.diagnostics().corrected(s.position(), "sni_name is newer than keepalived 2.2.7, which reports"
                            + " it as an unknown keyword; Vigil accepts it");
                    sniName = in.required(s, 0, "a server name");
                }
                case "tls_compliant" -> tlsCompliant = in.flag(s);
                default -> in.unknown(s, block.name());
            }
        }
        if (urls.isEmpty()) {
            in.diagnostics().error(block.position(), block.name() + " has no url block, expected at least one"
                    + " 'url { path /... }'; the checker is removed");
            return null;
        }
        return new HttpCheck(block.name().equals("SSL_GET"), c.build(1, Duration.ofSeconds(3)), protocol,
                virtualhost, fastRecovery, List.copyOf(urls), sni, sniName, tlsCompliant, block.position());
    }

    private UrlCheck url(Statement block) {
        String path = null;
        String digest = null;
        List<StatusCodeRange> codes = new ArrayList<>();
        String virtualhost = null;
        String regex = null;
        boolean noMatch = false;
        for (Statement s : block.children()) {
            switch (s.name()) {
                case "path" -> path = in.required(s, 0, "a URL path");
                case "digest" -> {
                    String v = in.required(s, 0, "32 hex digits (an MD5 digest)");
                    if (v != null && v.matches("[0-9A-Fa-f]{32}")) {
                        digest = v.toLowerCase(Locale.ROOT);
                    } else if (v != null) {
                        in.diagnostics().error(s.argPosition(0), "digest: found '" + v
                                + "', expected 32 hex digits (an MD5 digest)");
                    }
                }
                case "status_code" -> {
                    for (int i = 0; i < s.args().size(); i++) {
                        String[] range = s.arg(i).split("-", 2);
                        Long from = in.integer("status_code", range[0], s.argPosition(i), 100, 599);
                        Long to = range.length > 1 ? in.integer("status_code", range[1], s.argPosition(i), 100, 599)
                                : from;
                        if (from != null && to != null) {
                            codes.add(new StatusCodeRange(from.intValue(), to.intValue()));
                        }
                    }
                }
                case "virtualhost" -> virtualhost = in.required(s, 0, "a host name");
                case "regex" -> regex = in.rest(s, 0, "a regular expression");
                case "regex_no_match" -> noMatch = true;
                case "regex_options", "regex_stack", "regex_min_offset", "regex_max_offset" -> in.unsupported(s);
                default -> in.unknown(s, "url");
            }
        }
        if (path == null) {
            in.diagnostics().error(block.position(), "url has no path, expected 'path /...'; using /");
            path = "/";
        }
        if (codes.isEmpty() && digest == null) {
            codes.add(StatusCodeRange.SUCCESS);
        }
        return new UrlCheck(path, digest, List.copyOf(codes), virtualhost, regex, noMatch, block.position());
    }

    private Checker misc(Statement block, InheritedCheckOptions inherited) {
        Common c = new Common(inherited);
        String path = null;
        Duration timeout = null;
        boolean dynamic = false;
        String user = null;
        for (Statement s : block.children()) {
            switch (s.name()) {
                case "misc_path" -> path = in.rest(s, 0, "a command line");
                case "misc_timeout" -> timeout = in.timer(s, 0, 0.000001, 4294.967295);
                case "misc_dynamic" -> dynamic = true;
                case "user" -> user = in.rest(s, 0, "a user name");
                default -> {
                    if (!common(s, c)) {
                        in.unknown(s, "MISC_CHECK");
                    }
                }
            }
        }
        if (path == null) {
            in.diagnostics().error(block.position(), "MISC_CHECK has no misc_path, expected 'misc_path \"command\"';"
                    + " the checker is removed");
            return null;
        }
        CheckerSettings settings = c.build(0, Duration.ofSeconds(1));
        return new MiscCheck(settings, path, timeout == null ? settings.delayLoop() : timeout, dynamic, user,
                block.position());
    }

    private Checker dns(Statement block, InheritedCheckOptions inherited) {
        Common c = new Common(inherited);
        String type = "SOA";
        String name = ".";
        for (Statement s : block.children()) {
            if (common(s, c)) {
                continue;
            }
            switch (s.name()) {
                case "type" -> type = orElse(in.choice(s, 0, DNS_TYPES, true), type);
                case "name" -> name = orElse(in.required(s, 0, "a domain name"), name);
                default -> in.unknown(s, "DNS_CHECK");
            }
        }
        return new DnsCheck(c.build(3, null), type, name, block.position());
    }

    private Checker smtp(Statement block, InheritedCheckOptions inherited) {
        Common c = new Common(inherited);
        String helo = SmtpCheck.DEFAULT_HELO_NAME;
        List<CheckerSettings> hosts = new ArrayList<>();
        List<Statement> hostBlocks = new ArrayList<>();
        for (Statement s : block.children()) {
            if (common(s, c)) {
                continue;
            }
            switch (s.name()) {
                case "helo_name" -> helo = orElse(in.required(s, 0, "a host name"), helo);
                case "host" -> hostBlocks.add(s);
                default -> in.unknown(s, "SMTP_CHECK");
            }
        }
        for (Statement h : hostBlocks) {
            Common hc = new Common(c.inherited);
            for (Statement s : h.children()) {
                if (!common(s, hc)) {
                    in.unknown(s, "SMTP_CHECK host");
                }
            }
            hosts.add(hc.build(1, Duration.ofSeconds(1)));
        }
        return new SmtpCheck(c.build(1, Duration.ofSeconds(1)), helo, List.copyOf(hosts), block.position());
    }

    private Checker udp(Statement block, InheritedCheckOptions inherited) {
        Common c = new Common(inherited);
        String payload = null;
        boolean requireReply = false;
        String reply = null;
        Integer min = null;
        Integer max = null;
        for (Statement s : block.children()) {
            if (common(s, c)) {
                continue;
            }
            switch (s.name()) {
                case "payload" -> payload = hex(s);
                case "require_reply" -> {
                    requireReply = true;
                    reply = s.arg(0) == null ? null : hex(s);
                }
                case "min_reply_length" -> min = in.intArg(s, 0, 0, 65535);
                case "max_reply_length" -> max = in.intArg(s, 0, 0, 65535);
                default -> in.unknown(s, "UDP_CHECK");
            }
        }
        return new UdpCheck(c.build(1, Duration.ofSeconds(1)), payload, requireReply, reply, min, max,
                block.position());
    }

    private String hex(Statement s) {
        if (s.args().size() > 1) {
            in.diagnostics().error(s.argPosition(1), s.name() + ": found more words after the hex string ('"
                    + s.argsText() + "'), expected one hex string (keepalived reads them all as the payload)");
            return null;
        }
        String v = in.required(s, 0, "hex digits");
        if (v != null && !v.matches("[0-9A-Fa-f]+")) {
            in.diagnostics().error(s.argPosition(0), s.name() + ": found '" + v + "', expected hex digits");
            return null;
        }
        return v == null ? null : v.toLowerCase(Locale.ROOT);
    }

    private Checker file(Statement block) {
        String name = null;
        Integer weight = null;
        boolean reverse = false;
        boolean dynamic = false;
        for (Statement s : block.children()) {
            switch (s.name()) {
                case "track_file" -> name = in.required(s, 0, "a track_file name");
                case "weight" -> {
                    weight = in.intArg(s, 0, -254, 254);
                    reverse = "reverse".equals(s.arg(1));
                }
                case "dynamic" -> dynamic = true;
                default -> in.unknown(s, "FILE_CHECK");
            }
        }
        if (name == null) {
            in.diagnostics().error(block.position(), "FILE_CHECK has no track_file, expected 'track_file NAME';"
                    + " the checker is removed");
            return null;
        }
        return new FileCheck(name, weight, reverse, dynamic, block.position());
    }

    private Checker bfd(Statement block) {
        in.unsupported(block);
        String name = null;
        Integer weight = null;
        for (Statement s : block.children()) {
            switch (s.name()) {
                case "name" -> name = in.required(s, 0, "a bfd_instance name");
                case "weight" -> weight = in.intArg(s, 0, -253, 253);
                default -> in.unknown(s, "BFD_CHECK");
            }
        }
        return new BfdCheck(name, weight, block.position());
    }
}
