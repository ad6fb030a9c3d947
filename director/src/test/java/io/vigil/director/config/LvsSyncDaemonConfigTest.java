package io.vigil.director.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.api.SyncDaemonConfig;
import io.vigil.director.engine.ServiceMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code global_defs { lvs_sync_daemon ... }} read as keepalived's lvs_syncd_handler reads it. */
class LvsSyncDaemonConfigTest {

    private static final String INSTANCE = """
            vrrp_instance VI_1 {
              interface eth0
              virtual_router_id 51
              priority 100
              virtual_ipaddress {
                198.18.0.100
              }
            }
            """;

    @TempDir
    Path dir;

    private ConfigLoad load(String syncLine) throws Exception {
        Path f = dir.resolve("keepalived.conf");
        Files.writeString(f, "global_defs {\n  " + syncLine + "\n}\n" + INSTANCE);
        return new ConfigLoader("id", false, Set.of("eth0")::contains).load(f);
    }

    private static List<String> errors(ConfigLoad load) {
        return load.diagnostics().stream().filter(d -> d.severity() == Severity.ERROR).map(Diagnostic::format).toList();
    }

    @Test
    void everyOptionIsRead() throws Exception {
        ConfigLoad load = load("lvs_sync_daemon eth0 inst VI_1 id 7 maxlen 1400 port 8850 ttl 2 group 239.1.2.3");
        assertEquals(List.of(), errors(load));
        LvsSyncDaemon s = load.config().globalDefs().lvsSyncDaemon();
        assertEquals(new LvsSyncDaemon("eth0", "VI_1", 7, 1400, 8850, 2, StatementReader.parseAddress("239.1.2.3"),
                s.position()), s);
        assertEquals(2, s.position().line());
        assertEquals(new SyncDaemonConfig("eth0", 7, 1400, StatementReader.parseAddress("239.1.2.3"), 8850, 2),
                ServiceMapper.syncDaemon(load.config()).orElseThrow());
    }

    @Test
    void defaultsAreIpvsAndTheSyncIdIsTheVrid() throws Exception {
        ConfigLoad load = load("lvs_sync_daemon eth0 VI_1");
        assertEquals(List.of(), errors(load));
        assertEquals(new SyncDaemonConfig("eth0", 51, 1472, StatementReader.parseAddress("224.0.0.81"), 8848, 1),
                ServiceMapper.syncDaemon(load.config()).orElseThrow());
    }

    @Test
    void badValuesAreErrorsAtTheirArgument() throws Exception {
        ConfigLoad load = load("lvs_sync_daemon eth0 VI_1 id 256 ttl 0 port x group 198.18.0.1 bogus");
        List<String> errors = errors(load);
        assertEquals(5, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("keepalived.conf:2:32: error: lvs_sync_daemon: found 256, expected an integer in 0..255"),
                errors.get(0));
        assertTrue(errors.get(1).contains(":2:40: error: lvs_sync_daemon: found 0, expected an integer in 1..255"), errors.get(1));
        assertTrue(errors.get(2).contains("found 'x', expected an integer in 1..65535"), errors.get(2));
        assertTrue(errors.get(3).contains("group 198.18.0.1 is not an IPv4 multicast address"), errors.get(3));
        assertTrue(errors.get(4).contains("found 'bogus', expected inst, id, maxlen, port, ttl or group"), errors.get(4));
        LvsSyncDaemon s = load.config().globalDefs().lvsSyncDaemon();
        assertNull(s.syncId(), "a bad id keeps the default (the VRID)");
        assertEquals(1, s.ttl());
    }

    @Test
    void anUnknownInstanceOrNoneIsAnError() throws Exception {
        assertTrue(errors(load("lvs_sync_daemon eth0 VI_9")).getFirst()
                .contains("lvs_sync_daemon: vrrp_instance 'VI_9' is not defined"));
        assertTrue(errors(load("lvs_sync_daemon eth0")).getFirst().contains("found no vrrp_instance"));
    }
}
