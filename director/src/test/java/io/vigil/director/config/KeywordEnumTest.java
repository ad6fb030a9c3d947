package io.vigil.director.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vigil.dataplane.api.ForwardingMethod;
import io.vigil.dataplane.api.Protocol;
import io.vigil.dataplane.api.Scheduler;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The enum-valued keywords ({@code protocol}, {@code lvs_sched}/{@code lb_algo}, {@code lvs_method}/{@code lb_kind},
 * {@code state}): each word reads into its constant, and a wrong word is an error at FILE:LINE:COL that lists the
 * accepted words, after which keepalived's default applies.
 */
class KeywordEnumTest {

    @TempDir
    Path dir;

    private ConfigLoad load(String text) throws Exception {
        return ConfigFiles.load(dir, "k.conf", text);
    }

    /** The errors, with paths relative to {@code dir}. */
    private List<String> errors(ConfigLoad load) {
        return load.diagnostics().stream().filter(d -> d.severity() == Severity.ERROR)
                .map(d -> d.format().substring(dir.toString().length() + 1)).toList();
    }

    private static String virtualServer(String protocol, String sched, String method, String rsMethod) {
        return "virtual_server 198.18.0.10 80 {\n  protocol " + protocol + "\n  lvs_sched " + sched + "\n  lvs_method "
                + method + "\n  real_server 198.18.0.2 80 {\n    lb_kind " + rsMethod + "\n  }\n}\n";
    }

    @Test
    void virtualServerWordsReadIntoTheirConstants() throws Exception {
        ConfigLoad load = load(virtualServer("sctp", "twos", "tun", "Dr"));
        assertEquals(List.of(), errors(load));
        VirtualServer vs = load.config().virtualServers().getFirst();
        assertEquals(Protocol.SCTP, vs.protocol());
        assertEquals(Scheduler.TWOS, vs.lvsSched());
        assertEquals(ForwardingMethod.TUN, vs.lvsMethod());
        assertEquals(ForwardingMethod.DR, vs.realServers().getFirst().lvsMethod());
        assertEquals("[198.18.0.10]:sctp:80", vs.label());
    }

    @Test
    void lbAlgoIsLowerCaseOnlyAsTheKernelNamesIt() throws Exception {
        ConfigLoad load = load("virtual_server 198.18.0.10 80 {\n  protocol TCP\n  lb_algo WRR\n  lb_kind NAT\n}\n");
        assertEquals(List.of("k.conf:3:11: error: lb_algo: found 'WRR', expected one of dh fo lblc lblcr lc mh nq ovf"
                + " rr sed sh twos wlc wrr; ignored"), errors(load));
        assertEquals(Scheduler.WLC, load.config().virtualServers().getFirst().lvsSched());
    }

    @Test
    void wrongWordsAreErrorsListingTheAcceptedOnesAndTheDefaultsApply() throws Exception {
        ConfigLoad load = load(virtualServer("ICMP", "fastest", "FULLNAT", "GRE"));
        assertEquals(List.of(
                "k.conf:2:12: error: protocol: found 'ICMP', expected one of TCP, UDP, SCTP",
                "k.conf:3:13: error: lvs_sched: found 'fastest', expected one of dh fo lblc lblcr lc mh nq ovf rr sed"
                        + " sh twos wlc wrr; ignored",
                "k.conf:4:14: error: lvs_method: found 'FULLNAT', expected one of NAT, DR, TUN",
                "k.conf:6:13: error: lb_kind: found 'GRE', expected one of NAT, DR, TUN"), errors(load));
        VirtualServer vs = load.config().virtualServers().getFirst();
        assertEquals(Protocol.UDP, vs.protocol());
        assertEquals(Scheduler.WLC, vs.lvsSched());
        assertEquals(ForwardingMethod.NAT, vs.lvsMethod());
        assertNull(vs.realServers().getFirst().lvsMethod());
    }

    @Test
    void stateIsMasterOrBackupInUpperCase() throws Exception {
        String instance = "vrrp_instance VI_1 {\n  state %s\n  interface eth0\n  virtual_router_id 51\n"
                + "  priority 100\n}\n";
        ConfigLoad master = load(instance.formatted("MASTER"));
        assertEquals(List.of(), errors(master));
        assertEquals(InitialState.MASTER, master.config().vrrpInstances().getFirst().state());
        ConfigLoad wrong = load(instance.formatted("master"));
        assertEquals(List.of("k.conf:2:9: error: state: found 'master', expected one of MASTER, BACKUP"),
                errors(wrong));
        VrrpInstance derived = wrong.config().vrrpInstances().getFirst();
        assertEquals(InitialState.BACKUP, derived.state());
        assertEquals(false, derived.stateConfigured());
    }
}
