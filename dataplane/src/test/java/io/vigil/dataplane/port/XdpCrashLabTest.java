package io.vigil.dataplane.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.api.Protocol;
import io.vigil.dataplane.lab.LabProcess;
import io.vigil.dataplane.lab.Netns;
import io.vigil.dataplane.lab.NetnsLab;
import io.vigil.dataplane.linux.OwnedFlow;
import io.vigil.dataplane.linux.SteeringEntry;
import io.vigil.dataplane.linux.VethPair;
import java.io.File;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * kill -9 of a process that holds Vigil's XDP program on a device: the program goes with the process (its BPF link
 * closes), and the next start attaches its own and forwards.
 */
@Tag("netns")
class XdpCrashLabTest {

    @RegisterExtension
    static final NetnsLab lab = new NetnsLab();

    @Test
    void aKilledHoldersProgramIsGoneAndTheNextStartSteers() throws Exception {
        VethPair pair = VethPair.create(lab);
        Netns a = pair.a();
        LabProcess holder = a.start(java(), "--enable-native-access=ALL-UNNAMED", "-cp", classPath(),
                XdpHolder.class.getName(), "va");
        int id;
        try {
            Matcher m = holder.awaitOutput(Pattern.compile("attached (\\d+)"), Duration.ofSeconds(60));
            id = Integer.parseInt(m.group(1));
            assertTrue(a.exec("ip", "link", "show", "dev", "va").orThrow().stdout().contains("prog/xdp id " + id));
        } finally {
            holder.kill();
        }
        holder.waitFor(Duration.ofSeconds(10));
        assertFalse(holder.alive());
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() ->
                !a.exec("ip", "link", "show", "dev", "va").orThrow().stdout().contains("prog/xdp"));
        try (XdpPort next = a.call(() -> XdpPort.open("va", XdpConfig.defaults()))) {
            next.steer(Set.of(SteeringEntry.of(OwnedFlow.service("va", Protocol.UDP,
                    InetAddress.getByName("198.18.0.1"), 6401))));
            assertTrue(a.exec("ip", "link", "show", "dev", "va").orThrow().stdout()
                    .contains("prog/xdp id " + next.attachment().programId() + " name vigil_xdp"));
            pair.sendFromB(6401, 5);
            assertEquals(5, XdpPortLabTest.receiveUdpTo(next, 6401, 5), "the next start's socket gets the flow");
        }
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString());
    }

    /** This JVM's module path and class path as one class path (the holder runs unnamed). */
    private static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        entries.add(Path.of("target", "test-classes").toAbsolutePath().toString());
        entries.add(Path.of("target", "classes").toAbsolutePath().toString());
        for (String property : new String[] {"jdk.module.path", "java.class.path"}) {
            String value = System.getProperty(property, "");
            for (String e : value.split(File.pathSeparator)) {
                if (!e.isBlank()) {
                    entries.add(e);
                }
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
