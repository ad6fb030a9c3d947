package io.vigil.dataplane.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The lab builds what it says, runs processes inside, and leaves nothing behind. */
@Tag("netns")
class NetnsLabTest {

    @Test
    void namespacesAreJoinedByVethAndRemovedAtClose() {
        NetnsLab lab = new NetnsLab();
        lab.start();
        Netns a;
        try {
            a = lab.namespace("a");
            Netns b = lab.namespace("b");
            lab.veth(a, "va", "198.18.0.1/24", b, "vb", "198.18.0.2/24");
            ExecResult ping = a.exec("ping", "-c", "1", "-W", "2", "198.18.0.2");
            assertEquals(0, ping.exitCode(), ping.stdout() + ping.stderr());
            assertTrue(Files.exists(Path.of("/var/run/netns", a.name())));
            String inside = a.exec("ip", "-br", "addr", "show", "va").orThrow().stdout();
            assertTrue(inside.contains("198.18.0.1/24"), inside);
        } finally {
            lab.close();
        }
        assertFalse(Files.exists(Path.of("/var/run/netns", a.name())), "namespace still there after close");
    }

    @Test
    void processesAreStartedInsideAndKilledAtClose() {
        NetnsLab lab = new NetnsLab();
        lab.start();
        LabProcess sleeper;
        try {
            Netns a = lab.namespace("p");
            sleeper = a.start("sh", "-c", "echo ready; ip -br link show lo; exec sleep 600");
            sleeper.awaitOutput(Pattern.compile("lo\\s+UNKNOWN"), Duration.ofSeconds(10));
            assertTrue(sleeper.alive());
            assertThrows(LabException.class, () -> sleeper.awaitOutput(Pattern.compile("never printed"), Duration.ofMillis(200)));
        } finally {
            lab.close();
        }
        assertFalse(ProcessHandle.of(sleeper.pid()).map(ProcessHandle::isAlive).orElse(false), "process survived close");
    }

    @Test
    void javaCodeRunsInsideTheNamespace() throws Exception {
        NetnsLab lab = new NetnsLab();
        lab.start();
        try {
            Netns a = lab.namespace("j");
            lab.veth(a, "vj0", "198.18.5.1/24", lab.namespace("k"), "vk0", null);
            int index = a.call(() -> io.vigil.dataplane.linux.NetworkInterfaces.index("vj0").orElseThrow());
            assertTrue(index > 1);
            assertTrue(io.vigil.dataplane.linux.NetworkInterfaces.index("vj0").isEmpty(),
                    "vj0 must not exist outside the lab");
        } finally {
            lab.close();
        }
    }

    @Test
    void staleNamespacesOfDeadOwnersAreRemoved() {
        String stale = NetnsLab.PREFIX + "999999999-abcdef-stale";
        Commands.run(java.util.List.of("ip", "netns", "add", stale), null, Duration.ofSeconds(10)).orThrow();
        NetnsLab lab = new NetnsLab();
        try {
            lab.start();
            assertFalse(Files.exists(Path.of("/var/run/netns", stale)), "stale namespace was not removed");
        } finally {
            lab.close();
            Commands.run(java.util.List.of("ip", "netns", "delete", stale), null, Duration.ofSeconds(10));
        }
    }

    @Test
    void addressesOutsideTheLabRangesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> NetnsLab.requireLabAddress("10.0.0.1/24"));
        assertThrows(IllegalArgumentException.class, () -> NetnsLab.requireLabAddress("198.20.0.1/24"));
        assertThrows(IllegalArgumentException.class, () -> NetnsLab.requireLabAddress("2001:db8::1/64"));
        NetnsLab.requireLabAddress("198.19.255.1/24");
        NetnsLab.requireLabAddress("fd00:198:18::1/64");
    }
}
