package io.vigil.director.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.lab.Netns;
import io.vigil.dataplane.lab.NetnsLab;
import io.vigil.director.lab.VigilPeer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil run} through the launcher refuses to start, with a message that says what and where and a non-zero
 * exit, on a configuration that cannot run, a missing interface, and without CAP_NET_RAW. (Tagged for the lab
 * execution because it needs the packaged launcher and root to drop privileges.)
 */
@Tag("netns")
class RunStartupFailureLabTest {

    @RegisterExtension
    static final NetnsLab lab = new NetnsLab();

    @TempDir
    Path dir;

    private record Run(int exitCode, String output) {
    }

    private Run run(List<String> prefix, String config) throws Exception {
        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, config);
        Path settings = dir.resolve("vigil.conf");
        Files.writeString(settings, "vigil.metrics.listen = \"127.0.0.1:0\"\n");
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(VigilPeer.LAUNCHER.toString(), "run", "-f", conf.toString(),
                "--state-dir", dir.resolve("state").toString(), "--settings", settings.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), output);
        return new Run(p.exitValue(), output);
    }

    private static final String INSTANCE = """
            vrrp_instance VI_1 {
                interface %s
                virtual_router_id 51
                virtual_ipaddress {
                    198.18.40.100
                }
            }
            """;

    @Test
    void aConfigurationThatCannotRunExitsThree() throws Exception {
        Run r = run(List.of(), "vrrp_instance VI_1 {\n include_cycle_here\n" + "\0binary");
        assertEquals(3, r.exitCode(), r.output());
        assertTrue(r.output().contains("cannot run"), r.output());
    }

    @Test
    void aMissingInterfaceIsNamed() throws Exception {
        Run r = run(List.of(), INSTANCE.formatted("vigil-nope0"));
        assertTrue(r.exitCode() != 0, r.output());
        assertTrue(r.output().contains("vigil-nope0"), r.output());
    }

    @Test
    void withoutCapNetRawTheMessageSaysWhatIsNeeded() throws Exception {
        Netns ns = lab.namespace("nocap");
        lab.veth(ns, "va", "198.18.40.1/24", lab.namespace("peer"), "vb", "198.18.40.2/24");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Run r = run(List.of("ip", "netns", "exec", ns.name(), "setpriv", "--reuid=nobody", "--regid=nogroup",
                "--clear-groups", "--inh-caps=-all", "--bounding-set=-all"), INSTANCE.formatted("va"));
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.output().contains("EPERM") && r.output().contains("CAP_NET_RAW"), r.output());
    }
}
