package io.vigil.director.lab;

import io.vigil.dataplane.lab.Netns;
import io.vigil.dataplane.lab.NetnsLab;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Ethernet segment of the lab: a bridge in a "switch" namespace and hosts, each with {@code eth0} on the
 * bridge and address {@code <net>.<n>/24} (n = 1, 2, ... in the order given), and optionally an IPv6 address.
 */
public final class Lan {

    private final Map<String, Netns> hosts = new LinkedHashMap<>();
    private final Map<String, String> addresses = new LinkedHashMap<>();
    private final Map<String, String> ipv6Addresses = new LinkedHashMap<>();
    private final Netns switchNs;

    private Lan(Netns switchNs) {
        this.switchNs = switchNs;
    }

    /** Builds the segment; {@code net} is the first three octets inside 198.18.0.0/15, e.g. {@code 198.18.30}. */
    public static Lan build(NetnsLab lab, String net, String... hostNames) {
        String tag = Long.toHexString(System.nanoTime() & 0xfffff);
        Lan lan = new Lan(lab.namespace("sw" + tag));
        lab.bridge(lan.switchNs, "br0", null);
        int n = 1;
        for (String name : hostNames) {
            Netns host = lab.namespace(name + tag);
            String port = "p" + n;
            lab.veth(lan.switchNs, port, null, host, "eth0", net + "." + n + "/24");
            lab.attach(lan.switchNs, port, "br0");
            lan.hosts.put(name, host);
            lan.addresses.put(name, net + "." + n);
            n++;
        }
        return lan;
    }

    /**
     * Gives every host's eth0 the IPv6 address {@code <prefix>:<n>/64} too ({@code prefix} inside fd00::/8, e.g.
     * {@code fd00:198:18:31:}), and waits until duplicate address detection has finished for it and for the
     * link-local address, which VRRPv3 over IPv6 sends from (a tentative address cannot be bound).
     */
    public Lan withIpv6(NetnsLab lab, String prefix) {
        int n = 1;
        for (var e : hosts.entrySet()) {
            String address = prefix + ":" + n++;
            lab.address(e.getValue(), "eth0", address + "/64");
            ipv6Addresses.put(e.getKey(), address);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        for (var e : hosts.entrySet()) {
            while (true) {
                String out = e.getValue().exec("ip", "-6", "addr", "show", "dev", "eth0").orThrow().stdout();
                if (out.contains("scope link") && !out.contains("tentative")) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("IPv6 DAD did not finish on " + e.getKey() + ":\n" + out);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted waiting for IPv6 DAD", ex);
                }
            }
        }
        return this;
    }

    /** The host's IPv6 address on the segment (after {@link #withIpv6}). */
    public String ipv6Address(String name) {
        return ipv6Addresses.get(name);
    }

    /** The link-local IPv6 address of the host's eth0. */
    public String linkLocal(String name) {
        String json = hosts.get(name).exec("ip", "-j", "-6", "addr", "show", "dev", "eth0", "scope", "link").orThrow().stdout();
        var m = java.util.regex.Pattern.compile("\"local\":\"(fe80:[0-9a-f:]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no link-local address in " + json);
        }
        return m.group(1);
    }

    /** The host's namespace. */
    public Netns host(String name) {
        return hosts.get(name);
    }

    /** The host's address on the segment. */
    public String address(String name) {
        return addresses.get(name);
    }

    /** The namespace that holds the bridge. */
    public Netns switchNamespace() {
        return switchNs;
    }

    /** The MAC address of the host's eth0. */
    public String mac(String name) {
        String json = hosts.get(name).exec("ip", "-j", "link", "show", "eth0").orThrow().stdout();
        var m = java.util.regex.Pattern.compile("\"address\":\"([0-9a-f:]{17})\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no MAC in " + json);
        }
        return m.group(1);
    }

    /** Whether the host's eth0 carries {@code address}, IPv4 or IPv6 in its compressed form ({@code ip -j addr}). */
    public boolean hasAddress(String name, String address) {
        return hosts.get(name).exec("ip", "-j", "addr", "show", "dev", "eth0").orThrow().stdout()
                .contains("\"local\":\"" + address + "\"");
    }
}
