package io.vigil.director.engine;

import io.vigil.dataplane.lab.NetnsLab;
import io.vigil.director.lab.Lan;
import java.util.ArrayList;
import java.util.List;

/**
 * The two segments of {@code conf/lvs-nat}: client {@code c} and the directors on {@code outside} (198.18.10.0/24,
 * their eth0, c = .1 and the directors .2, .3, ...), the real servers on {@code inside} (198.18.11.0/24, .1, .2, ...)
 * with their default route through the gateway VIP 198.18.11.254, and each director's eth1 on it (.11, .12, ...).
 *
 * <p>Threading: built and used by the test's thread.
 *
 * @param outside the clients' segment
 * @param inside  the real servers' segment
 */
record LvsNatSegments(Lan outside, Lan inside) {

    /** The gateway VIP, the real servers' default route. */
    static final String GATEWAY = "198.18.11.254";

    /** Builds both segments with {@code directors} (in the order of their addresses) and {@code realServers}. */
    static LvsNatSegments build(NetnsLab lab, List<String> directors, List<String> realServers) {
        List<String> outsideHosts = new ArrayList<>(List.of("c"));
        outsideHosts.addAll(directors);
        Lan outside = Lan.build(lab, "198.18.10", outsideHosts.toArray(String[]::new));
        Lan inside = Lan.build(lab, "198.18.11", realServers.toArray(String[]::new));
        int port = 11;
        for (String d : directors) {
            String sw = "p" + port;
            lab.veth(inside.switchNamespace(), sw, null, outside.host(d), "eth1", "198.18.11." + port + "/24");
            lab.attach(inside.switchNamespace(), sw, "br0");
            port++;
        }
        for (String rs : realServers) {
            inside.host(rs).exec("ip", "route", "add", "default", "via", GATEWAY).orThrow();
        }
        return new LvsNatSegments(outside, inside);
    }
}
