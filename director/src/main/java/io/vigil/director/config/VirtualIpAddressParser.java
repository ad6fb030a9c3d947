package io.vigil.director.config;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads one {@code virtual_ipaddress} line: {@code ADDR[/LEN] [brd IP] [dev IF] [scope S] [label L] [peer IP]
 * [flags]} (keepalived.conf(5) "VRRP instance(s)"; vrrp_ipaddress.c {@code parse_ipaddress}).
 */
final class VirtualIpAddressParser {

    private static final Set<String> SCOPES = Set.of("global", "site", "link", "host", "nowhere");
    private static final Set<String> FLAGS = Set.of("home", "-nodad", "nodad", "mngtmpaddr", "noprefixroute",
            "autojoin", "use_vmac");

    private VirtualIpAddressParser() {
    }

    /** The address, or null after reporting why it is not one. */
    static VirtualIpAddress parse(Statement s, StatementReader in) {
        Diagnostics d = in.diagnostics();
        String word = s.name();
        int slash = word.indexOf('/');
        String addressText = slash < 0 ? word : word.substring(0, slash);
        InetAddress address = in.address("virtual_ipaddress", addressText, s.position());
        if (address == null) {
            return null;
        }
        int max = address instanceof Inet6Address ? 128 : 32;
        int prefix = max;
        if (slash >= 0) {
            Long p = in.integer("virtual_ipaddress prefix", word.substring(slash + 1), s.position(), 0, max);
            if (p == null) {
                return null;
            }
            prefix = p.intValue();
        }
        InetAddress brd = null;
        String dev = null;
        String scope = null;
        String label = null;
        InetAddress peer = null;
        boolean noTrack = false;
        List<String> flags = new ArrayList<>();
        for (int i = 0; i < s.args().size(); i++) {
            String key = s.arg(i);
            String value = s.arg(i + 1);
            SourcePosition at = s.argPosition(i);
            switch (key) {
                case "brd", "broadcast" -> {
                    if ("+".equals(value) || "-".equals(value)) {
                        flags.add("brd " + value);
                    } else {
                        brd = value == null ? null : in.address("brd", value, at);
                    }
                    i++;
                }
                case "dev" -> {
                    dev = value;
                    i++;
                }
                case "scope" -> {
                    if (value == null || !SCOPES.contains(value)) {
                        d.error(at, "scope: found '" + value + "', expected one of " + String.join(", ", SCOPES.stream()
                                .sorted().toList()));
                    } else {
                        scope = value;
                    }
                    i++;
                }
                case "label" -> {
                    label = value;
                    i++;
                }
                case "peer" -> {
                    peer = value == null ? null : in.address("peer", value, at);
                    i++;
                }
                case "preferred_lft" -> {
                    flags.add("preferred_lft " + value);
                    i++;
                }
                case "no_track" -> noTrack = true;
                default -> {
                    if (FLAGS.contains(key)) {
                        flags.add(key);
                    } else {
                        d.error(at, "virtual_ipaddress " + word + ": found '" + key + "', expected brd, dev, scope,"
                                + " label, peer, no_track or an address flag");
                    }
                }
            }
            if (value == null && Set.of("brd", "broadcast", "dev", "label", "peer", "preferred_lft").contains(key)) {
                d.error(at, "virtual_ipaddress " + word + ": '" + key + "' has no value, expected '" + key
                        + " VALUE'");
            }
        }
        return new VirtualIpAddress(address, prefix, brd, dev, scope, label, peer, noTrack, List.copyOf(flags),
                s.position());
    }
}
