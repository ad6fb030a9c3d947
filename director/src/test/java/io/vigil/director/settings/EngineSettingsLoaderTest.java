package io.vigil.director.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineSettingsLoaderTest {

    @TempDir
    Path dir;

    @Test
    void defaultsComeFromReferenceConf() {
        SettingsLoad load = EngineSettingsLoader.load(dir.resolve("absent.conf"), new Properties());
        assertTrue(load.ok(), load.problems().toString());
        assertEquals(new EngineSettings("0.0.0.0", 9165, "/metrics", Path.of("/run/vigil"), "info",
                io.vigil.dataplane.api.DataplaneSettings.DEFAULTS, AnnounceSettings.NONE), load.settings());
    }

    @Test
    void announceSettingsAreReadAndCheckedWithTheirOrigin() throws Exception {
        Path f = dir.resolve("vigil.conf");
        Files.writeString(f, "vigil.announce { vips = [\"198.18.110.100\", \"fd00::100\"], interface = eth0, "
                + "device-prefix = any, drain-delay = 500ms }\n");
        SettingsLoad load = EngineSettingsLoader.load(f, new Properties());
        assertTrue(load.ok(), load.problems().toString());
        assertEquals(new AnnounceSettings(List.of(java.net.InetAddress.getByName("198.18.110.100"),
                java.net.InetAddress.getByName("fd00::100")), "eth0", "any", java.time.Duration.ofMillis(500)),
                load.settings().announce());
        assertTrue(load.settings().announce().enabled());

        Files.writeString(f, "vigil.announce { vips = [\"vip.example\", \"198.18.0.1\"], device-prefix = \"toolongprefix\" }\n");
        List<String> problems = EngineSettingsLoader.load(f, new Properties()).problems();
        assertTrue(problems.stream().anyMatch(p -> p.contains("vigil.announce.vips: found 'vip.example', expected an"
                + " IPv4 or IPv6 address") && p.contains("vigil.conf")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("vigil.announce.interface: empty")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("device-prefix: found 'toolongprefix'")),
                problems.toString());
    }

    @Test
    void dataplaneSettingsAreReadAndCheckedWithTheirOrigin() throws Exception {
        Path f = dir.resolve("vigil.conf");
        Files.writeString(f, "vigil.dataplane { connections = 4096, ring.block-count = 8, enabled = false, sloppy-tcp = on }\n");
        SettingsLoad load = EngineSettingsLoader.load(f, new Properties());
        assertTrue(load.ok(), load.problems().toString());
        assertEquals(new io.vigil.dataplane.api.DataplaneSettings(false, 4096, 131072, 8, 1, true, io.vigil.dataplane.api.DataplaneBackend.AUTO), load.settings().dataplane());

        Files.writeString(f, "vigil.dataplane.sloppy-tcp = maybe\n");
        SettingsLoad notBoolean = EngineSettingsLoader.load(f, new Properties());
        assertTrue(notBoolean.problems().stream().anyMatch(p -> p.contains("sloppy-tcp") && p.contains("BOOLEAN")),
                notBoolean.problems().toString());

        Files.writeString(f, "vigil.dataplane { backend = xdp, busy-poll = on }\n");
        assertEquals(new io.vigil.dataplane.api.DataplaneSettings(true, 262144, 131072, 32, 1, false,
                io.vigil.dataplane.api.DataplaneBackend.XDP, true), EngineSettingsLoader.load(f, new Properties()).settings().dataplane());

        Files.writeString(f, "vigil.dataplane.workers = 3\n");
        assertEquals(3, EngineSettingsLoader.load(f, new Properties()).settings().dataplane().workers());
        Files.writeString(f, "vigil.dataplane.workers = auto\n");
        assertEquals(io.vigil.dataplane.api.DataplaneSettings.autoWorkers(Runtime.getRuntime().availableProcessors()),
                EngineSettingsLoader.load(f, new Properties()).settings().dataplane().workers());
        for (String bad : new String[] {"0", "many", "65"}) {
            Files.writeString(f, "vigil.dataplane.workers = " + bad + "\n");
            SettingsLoad refused = EngineSettingsLoader.load(f, new Properties());
            assertTrue(refused.problems().stream().anyMatch(p -> p.contains("vigil.dataplane") && p.contains("workers")
                    && p.contains("expected 1 to 64 or auto")), bad + ": " + refused.problems());
        }

        Files.writeString(f, "vigil.dataplane.ring.block-size = 5000\n");
        SettingsLoad bad = EngineSettingsLoader.load(f, new Properties());
        assertTrue(bad.problems().stream().anyMatch(p -> p.contains("vigil.dataplane") && p.contains("power of two")),
                bad.problems().toString());
    }

    @Test
    void theBackendIsReadAndAnUnknownOneIsNamed() throws Exception {
        Path f = dir.resolve("vigil.conf");
        Files.writeString(f, "vigil.dataplane.backend = xdp\n");
        SettingsLoad load = EngineSettingsLoader.load(f, new Properties());
        assertTrue(load.ok(), load.problems().toString());
        assertEquals(io.vigil.dataplane.api.DataplaneBackend.XDP, load.settings().dataplane().backend());
        assertEquals(io.vigil.dataplane.api.DataplaneBackend.AUTO,
                EngineSettingsLoader.load(dir.resolve("absent.conf"), new Properties()).settings().dataplane().backend());

        Files.writeString(f, "vigil.dataplane.backend = dpdk\n");
        SettingsLoad bad = EngineSettingsLoader.load(f, new Properties());
        assertTrue(bad.problems().stream().anyMatch(p -> p.contains("vigil.dataplane") && p.contains("'dpdk'")
                && p.contains("expected auto, xdp or tpacket")), bad.problems().toString());
    }

    @Test
    void fileOverridesDefaultsAndSystemPropertiesOverrideTheFile() throws Exception {
        Path f = dir.resolve("vigil.conf");
        Files.writeString(f, "vigil { metrics.listen = \"127.0.0.1:9999\", log.level = debug }\n");
        Properties props = new Properties();
        props.setProperty("vigil.log.level", "warn");
        props.setProperty("java.version", "ignored");
        SettingsLoad load = EngineSettingsLoader.load(f, props);
        assertTrue(load.ok(), load.problems().toString());
        assertEquals("127.0.0.1", load.settings().metricsHost());
        assertEquals(9999, load.settings().metricsPort());
        assertEquals("warn", load.settings().logLevel());
    }

    @Test
    void unknownKeysAreRejectedWithTheirPath() throws Exception {
        Path f = dir.resolve("vigil.conf");
        Files.writeString(f, "vigil.metrics.lisen = \"x\"\n");
        SettingsLoad load = EngineSettingsLoader.load(f, new Properties());
        assertFalse(load.ok());
        assertTrue(load.problems().getFirst().contains("vigil.metrics.lisen"), load.problems().toString());
        assertTrue(load.problems().getFirst().contains("vigil.conf: 1"), load.problems().toString());
    }

    @Test
    void anUnknownSystemPropertyIsRejectedToo() {
        // -D options are also the JVM's system properties; the reference must not learn them as known keys.
        System.setProperty("vigil.dataplane.bakend", "xdp");
        com.typesafe.config.ConfigFactory.invalidateCaches();
        try {
            Properties props = new Properties();
            props.setProperty("vigil.dataplane.bakend", "xdp");
            SettingsLoad load = EngineSettingsLoader.load(dir.resolve("absent.conf"), props);
            assertFalse(load.ok());
            assertTrue(load.problems().getFirst().contains("vigil.dataplane.bakend: unknown setting"),
                    load.problems().toString());
        } finally {
            System.clearProperty("vigil.dataplane.bakend");
            com.typesafe.config.ConfigFactory.invalidateCaches();
        }
    }

    @Test
    void wrongTypesAndBadValuesAreReported() throws Exception {
        Path f = dir.resolve("vigil.conf");
        Files.writeString(f, "vigil { metrics { listen = \"nohostport\", path = { a = 1 } } }\n");
        SettingsLoad load = EngineSettingsLoader.load(f, new Properties());
        assertFalse(load.ok());
        assertTrue(load.problems().stream().anyMatch(p -> p.contains("vigil.metrics.path")), load.problems().toString());
        Files.writeString(f, "vigil { metrics.listen = \"nohostport\", log.level = loud }\n");
        load = EngineSettingsLoader.load(f, new Properties());
        assertEquals(2, load.problems().size(), load.problems().toString());
    }
}
