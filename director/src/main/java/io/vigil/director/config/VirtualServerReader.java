package io.vigil.director.config;

import static io.vigil.director.config.GlobalDefsReader.orElse;

import io.vigil.dataplane.api.ForwardingMethod;
import io.vigil.dataplane.api.Protocol;
import io.vigil.dataplane.api.Scheduler;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code virtual_server}, {@code real_server} and {@code virtual_server_group} blocks and completes them as
 * keepalived's check_data.c does (defaults, the no-protocol-means-UDP gotcha, persistence).
 */
final class VirtualServerReader {

    /** The IPVS schedulers keepalived accepts (check_parser.c L52-53), in the order the error lists them. */
    private static final List<String> SCHEDULER_NAMES = Arrays.stream(Scheduler.values()).map(Scheduler::ipvsName)
            .sorted().toList();
    static final Set<String> SCHEDULER_FLAGS = Set.of("flag-1", "flag-2", "flag-3", "sh-port", "sh-fallback",
            "mh-port", "mh-fallback", "ops", "hashed");
    /** Default persistence when persistence is asked for without a time (libipvs.h IPVS_SVC_PERSISTENT_TIMEOUT). */
    static final int DEFAULT_PERSISTENCE_SECONDS = 360;
    private static final Set<String> UNSUPPORTED = Set.of("persistence_engine", "sorry_server_lvs_method",
            "snmp_name", "lvs_timeouts");

    private final StatementReader in;
    private final CheckerReader checkers;

    VirtualServerReader(StatementReader in) {
        this.in = in;
        this.checkers = new CheckerReader(in);
    }

    VirtualServer read(Statement block) {
        Diagnostics d = in.diagnostics();
        InetAddress address = null;
        Integer port = null;
        Integer fwmark = null;
        String group = null;
        String first = in.required(block, 0, "IP [PORT], 'fwmark N' or 'group NAME'");
        if (first == null) {
            return null;
        }
        if (first.equals("fwmark")) {
            fwmark = in.intArg(block, 1, 1, 0xffffffffL);
            if (fwmark == null) {
                return null;
            }
        } else if (first.equals("group")) {
            group = in.required(block, 1, "a virtual_server_group name");
            if (group == null) {
                return null;
            }
        } else {
            address = in.address(block, 0);
            if (address == null) {
                return null;
            }
            if (block.arg(1) != null) {
                port = in.intArg(block, 1, 0, 65535);
            }
        }
        Protocol protocol = null;
        Scheduler sched = null;
        List<String> flags = new ArrayList<>();
        ForwardingMethod method = null;
        Integer persistence = null;
        String granularity = null;
        boolean haSuspend = false;
        String virtualhost = null;
        boolean omega = false;
        int quorum = 1;
        int hysteresis = 0;
        NotifyScript quorumUp = null;
        NotifyScript quorumDown = null;
        InetAddress sorry = null;
        Integer sorryPort = null;
        boolean sorryInhibit = false;
        int weight = 1;
        boolean inhibit = false;
        Boolean smtpAlert = null;
        String family = null;
        InheritedCheckOptions inherited = InheritedCheckOptions.VIRTUAL_SERVER_DEFAULTS;
        List<Statement> realServerBlocks = new ArrayList<>();
        List<Setting> unsupported = new ArrayList<>();
        for (Statement s : in.blocksOnOwnLines(block.children(), Set.of("real_server"), "virtual_server")) {
            InheritedCheckOptions next = inherited.with(s, in);
            if (next != null) {
                inherited = next;
                continue;
            }
            switch (s.name()) {
                case "protocol" -> protocol = orElse(in.choice(s, 0, Protocol.class, true), protocol);
                case "lvs_sched", "lb_algo" -> sched = orElse(scheduler(s), sched);
                case "lvs_method", "lb_kind" -> method = orElse(method(s), method);
                case "persistence_timeout" -> persistence = s.arg(0) == null ? DEFAULT_PERSISTENCE_SECONDS
                        : orElse(in.intArg(s, 0, 1, 2678400), persistence);
                case "persistence_granularity" -> granularity = in.required(s, 0, "a netmask or prefix length");
                case "ha_suspend" -> haSuspend = true;
                case "virtualhost" -> virtualhost = in.required(s, 0, "a host name");
                case "omega" -> omega = true;
                case "quorum" -> quorum = orElse(in.intArg(s, 0, 1, Integer.MAX_VALUE), quorum);
                case "hysteresis" -> hysteresis = orElse(in.intArg(s, 0, 0, Integer.MAX_VALUE), hysteresis);
                case "quorum_up" -> quorumUp = in.script(s);
                case "quorum_down" -> quorumDown = in.script(s);
                case "sorry_server" -> {
                    sorry = in.address(s, 0);
                    sorryPort = s.arg(1) == null ? null : in.intArg(s, 1, 0, 65535);
                }
                case "sorry_server_inhibit" -> sorryInhibit = in.flag(s);
                case "weight" -> weight = orElse(in.intArg(s, 0, 1, Integer.MAX_VALUE), weight);
                case "inhibit_on_failure" -> inhibit = in.flag(s);
                case "smtp_alert" -> smtpAlert = in.bool(s);
                case "ip_family" -> family = orElse(in.choice(s, 0, List.of("inet", "inet6"), false), family);
                case "real_server" -> realServerBlocks.add(s);
                default -> {
                    if (SCHEDULER_FLAGS.contains(s.name())) {
                        flags.add(s.name());
                    } else if (UNSUPPORTED.contains(s.name())) {
                        unsupported.add(in.unsupported(s));
                    } else {
                        in.unknown(s, "virtual_server");
                    }
                }
            }
        }
        String label = fwmark != null ? "fwmark " + fwmark : group != null ? "group " + group
                : JsonWriter.address(address) + " " + (port == null ? "" : port);
        if (protocol == null && fwmark == null) {
            d.corrected(block.position(), "virtual_server " + label.strip() + ": no protocol set, expected 'protocol"
                    + " TCP|UDP|SCTP'; using UDP as keepalived does (check_data.c L1103-1107)");
        }
        if (protocol == null) {
            protocol = Protocol.UDP;
        }
        if (sched == null) {
            d.corrected(block.position(), "virtual_server " + label.strip() + ": no scheduler set, expected"
                    + " 'lvs_sched'; using wlc");
            sched = Scheduler.WLC;
        }
        if (method == null) {
            d.corrected(block.position(), "virtual_server " + label.strip() + ": no forwarding method set, expected"
                    + " 'lvs_method'; using NAT");
            method = ForwardingMethod.NAT;
        }
        if (persistence == null && granularity != null) {
            persistence = DEFAULT_PERSISTENCE_SECONDS;
        }
        if (address != null && (port == null || port == 0) && persistence == null) {
            d.warning(block.position(), "virtual_server " + label.strip() + ": port 0 needs persistence;"
                    + " persistence_timeout set to " + DEFAULT_PERSISTENCE_SECONDS + " s");
            persistence = DEFAULT_PERSISTENCE_SECONDS;
        }
        List<RealServer> reals = new ArrayList<>();
        for (Statement rs : realServerBlocks) {
            RealServer real = realServer(rs, weight, inhibit, inherited, virtualhost, port);
            if (real != null && address != null
                    && (real.address() instanceof Inet6Address) != (address instanceof Inet6Address)) {
                d.error(VrrpTrackerReader.end(rs), "virtual_server " + label.strip() + ": real_server "
                        + JsonWriter.address(real.address()) + " is not in the virtual server's address family,"
                        + " expected the same family; the real server is skipped");
                continue;
            }
            if (real != null) {
                reals.add(real);
            }
        }
        return new VirtualServer(address, port, fwmark, group, protocol, sched, List.copyOf(flags), method,
                persistence, granularity, haSuspend, virtualhost, inherited.alpha(), omega, quorum, hysteresis,
                quorumUp, quorumDown, sorry, sorryPort, sorryInhibit, inherited.delayLoop(), weight, inhibit,
                smtpAlert, family, List.copyOf(reals), List.copyOf(unsupported), block.position());
    }

    /** {@code lvs_method} / {@code lb_kind}: NAT, DR or TUN in any case, or null with an error. */
    private ForwardingMethod method(Statement s) {
        return in.choice(s, 0, ForwardingMethod.class, true);
    }

    /**
     * {@code lvs_sched} / {@code lb_algo}: an IPVS scheduler in lower case, as keepalived passes it to the kernel
     * (check_parser.c {@code lbalgo_handler}), or null with an error listing the schedulers.
     */
    private Scheduler scheduler(Statement s) {
        String v = in.required(s, 0, "a scheduler");
        if (v == null) {
            return null;
        }
        for (Scheduler candidate : Scheduler.values()) {
            if (candidate.ipvsName().equals(v)) {
                return candidate;
            }
        }
        in.diagnostics().error(s.argPosition(0), s.name() + ": found '" + v + "', expected one of "
                + String.join(" ", SCHEDULER_NAMES) + "; ignored");
        return null;
    }

    private RealServer realServer(Statement block, int vsWeight, boolean vsInhibit, InheritedCheckOptions inherited,
            String vsVirtualhost, Integer vsPort) {
        InetAddress address = in.address(block, 0);
        if (address == null) {
            return null;
        }
        Integer port = block.arg(1) == null ? vsPort : in.intArg(block, 1, 0, 65535);
        int weight = vsWeight;
        ForwardingMethod method = null;
        NotifyScript up = null;
        NotifyScript down = null;
        Integer uthreshold = null;
        Integer lthreshold = null;
        boolean inhibit = vsInhibit;
        boolean smtpAlert = true;
        String virtualhost = vsVirtualhost;
        List<Statement> checkerBlocks = new ArrayList<>();
        List<Setting> unsupported = new ArrayList<>();
        for (Statement s : in.blocksOnOwnLines(block.children(), CheckerReader.TYPES, "real_server")) {
            InheritedCheckOptions next = inherited.with(s, in);
            if (next != null) {
                inherited = next;
                continue;
            }
            switch (s.name()) {
                case "weight" -> weight = orElse(in.intArg(s, 0, 0, Integer.MAX_VALUE), weight);
                case "lvs_method", "lb_kind" -> method = orElse(method(s), method);
                case "notify_up" -> up = in.script(s);
                case "notify_down" -> down = in.script(s);
                case "uthreshold" -> uthreshold = in.intArg(s, 0, 0, Integer.MAX_VALUE);
                case "lthreshold" -> lthreshold = in.intArg(s, 0, 0, Integer.MAX_VALUE);
                case "inhibit_on_failure" -> inhibit = in.flag(s);
                case "smtp_alert" -> smtpAlert = orElse(in.bool(s), true);
                case "virtualhost" -> virtualhost = in.required(s, 0, "a host name");
                default -> {
                    if (CheckerReader.TYPES.contains(s.name())) {
                        checkerBlocks.add(s);
                    } else if (UNSUPPORTED.contains(s.name())) {
                        unsupported.add(in.unsupported(s));
                    } else {
                        in.unknown(s, "real_server");
                    }
                }
            }
        }
        List<Checker> list = new ArrayList<>();
        for (Statement c : checkerBlocks) {
            Checker checker = checkers.read(c, inherited, virtualhost);
            if (checker != null) {
                list.add(checker);
            }
        }
        return new RealServer(address, port, weight, method, up, down, uthreshold, lthreshold, inhibit,
                inherited.alpha(), inherited.delayLoop(), smtpAlert, virtualhost, List.copyOf(list),
                List.copyOf(unsupported), block.position());
    }

    VirtualServerGroup group(Statement block) {
        String name = in.required(block, 0, "a group name");
        List<VirtualServerGroupEntry> entries = new ArrayList<>();
        for (Statement s : block.children()) {
            if (s.name().equals("fwmark")) {
                Integer mark = in.intArg(s, 0, 1, 0xffffffffL);
                if (mark != null) {
                    entries.add(new VirtualServerGroupEntry(null, null, null, mark, s.position()));
                }
                continue;
            }
            VirtualServerGroupEntry entry = rangeEntry(s);
            if (entry != null) {
                entries.add(entry);
            }
        }
        return new VirtualServerGroup(name, List.copyOf(entries), block.position());
    }

    /** {@code IP [PORT]} or a last-group range {@code A.B.C.D-E [PORT]} (keepalived.conf(5) L2306-2357). */
    private VirtualServerGroupEntry rangeEntry(Statement s) {
        String text = s.name();
        int dash = text.lastIndexOf('-');
        InetAddress first;
        InetAddress last;
        if (dash > 0 && StatementReader.parseAddress(text) == null) {
            first = in.address("virtual_server_group", text.substring(0, dash), s.position());
            if (first == null) {
                return null;
            }
            String end = text.substring(dash + 1);
            last = StatementReader.parseAddress(end);
            if (last == null) {
                String full = first.getHostAddress();
                String sep = full.contains(":") ? ":" : ".";
                last = in.address("virtual_server_group range end",
                        full.substring(0, full.lastIndexOf(sep) + 1) + end, s.position());
                if (last == null) {
                    return null;
                }
            }
        } else {
            first = in.address("virtual_server_group", text, s.position());
            if (first == null) {
                return null;
            }
            last = first;
        }
        Integer port = s.arg(0) == null ? null : in.intArg(s, 0, 0, 65535);
        return new VirtualServerGroupEntry(first, last, port, null, s.position());
    }
}
