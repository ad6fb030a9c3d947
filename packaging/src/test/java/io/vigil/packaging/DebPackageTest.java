package io.vigil.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .deb and the tarball that {@code mvn -pl packaging -am package} built, read with dpkg-deb and tar. */
class DebPackageTest {

    private static Path deb;
    private static List<String> listing;

    @BeforeAll
    static void build() throws Exception {
        deb = Shell.built("vigil_*_amd64.deb");
        listing = Shell.run("dpkg-deb", "-c", deb.toString()).ok().lines().toList();
    }

    /** {@code dpkg-deb -c}'s line for a path (./path), or null. */
    private static String entry(String path) {
        return listing.stream().filter(l -> l.endsWith(" ." + path) || l.contains(" ." + path + " -> "))
                .findFirst().orElse(null);
    }

    private static String file(String path) throws Exception {
        return Shell.run("sh", "-c", "dpkg-deb --fsys-tarfile \"$0\" | tar -xOf - ." + path, deb.toString()).ok();
    }

    @Test
    void controlNamesThePackageVersionAndConffiles() throws Exception {
        String info = Shell.run("dpkg-deb", "-I", deb.toString()).ok();
        assertTrue(info.contains(" Package: vigil\n"), info);
        assertTrue(info.contains(" Version: 0.1.0~SNAPSHOT\n"), info);
        assertTrue(info.contains(" Architecture: amd64\n"), info);
        for (String part : List.of("control", "conffiles", "postinst", "prerm", "postrm")) {
            assertTrue(info.lines().anyMatch(l -> l.trim().matches("\\d+ bytes,\\s+\\d+ lines\\s+\\*?\\s*" + part + ".*")),
                    part + " in\n" + info);
        }
        String conffiles = Shell.run("dpkg-deb", "-I", deb.toString(), "conffiles").ok();
        assertEquals(List.of("/etc/vigil/keepalived.conf", "/etc/vigil/vigil.conf"), conffiles.lines().toList());
    }

    @Test
    void contentsAreTheLauncherRuntimeUnitConfigurationAndDocsOwnedByRoot() {
        for (String path : List.of("/usr/bin/vigil", "/usr/lib/vigil/runtime/bin/java", "/usr/lib/vigil/vigil.jar",
                "/usr/lib/systemd/system/vigil.service", "/etc/vigil/keepalived.conf", "/etc/vigil/vigil.conf",
                "/usr/share/doc/vigil/copyright", "/usr/share/doc/vigil/changelog.Debian.gz",
                "/usr/share/doc/vigil/README.md",
                "/usr/share/man/man8/vigil.8.gz", "/usr/share/man/man8/vigil-run.8.gz",
                "/usr/share/man/man8/vigil-check-config.8.gz", "/usr/share/man/man8/vigil-genhash.8.gz",
                "/usr/share/man/man8/vigil-list.8.gz", "/usr/share/man/man8/vigil-reload.8.gz",
                "/usr/share/man/man8/vigil-tunnel-endpoint.8.gz",
                "/usr/share/bash-completion/completions/vigil", "/usr/share/vigil/grafana/vigil.json")) {
            assertTrue(entry(path) != null, path + " missing from\n" + String.join("\n", listing));
        }
        assertTrue(entry("/usr/bin/vigil").startsWith("-rwxr-xr-x root/root"), entry("/usr/bin/vigil"));
        assertTrue(entry("/etc/vigil/vigil.conf").startsWith("-rw-r--r-- root/root"), entry("/etc/vigil/vigil.conf"));
        for (String jar : List.of("netty-transport-native-epoll-", "logback-classic-", "logback-core-", "slf4j-api-",
                "vigil-dataplane-", "micrometer-registry-prometheus-")) {
            assertTrue(listing.stream().anyMatch(l -> l.contains("./usr/lib/vigil/lib/" + jar)), jar);
        }
        listing.forEach(l -> assertTrue(l.contains(" root/root "), l));
        assertFalse(listing.stream().anyMatch(l -> l.contains("/include/") || l.contains("/man/man1/")),
                "the runtime carries no headers or JDK man pages");
    }

    @Test
    void theUnitIsTypeNotifyWithSighupReloadRestartAndOnlyItsCapabilities() throws Exception {
        List<String> unit = file("/usr/lib/systemd/system/vigil.service").lines().toList();
        for (String line : List.of("Type=notify", "NotifyAccess=main",
                "ExecStart=/usr/bin/vigil run -f /etc/vigil/keepalived.conf --settings /etc/vigil/vigil.conf $DAEMON_ARGS",
                "ExecReload=/bin/kill -HUP $MAINPID", "Restart=on-failure", "RuntimeDirectory=vigil",
                "CapabilityBoundingSet=CAP_NET_ADMIN CAP_NET_RAW CAP_SETUID CAP_SETGID CAP_KILL",
                "AmbientCapabilities=CAP_NET_ADMIN CAP_NET_RAW CAP_SETUID CAP_SETGID CAP_KILL",
                "ProtectSystem=full", "WantedBy=multi-user.target")) {
            assertTrue(unit.contains(line), line + " missing from the unit");
        }
    }

    /** The packaged dashboard is the one in the source tree, byte for byte, and a Grafana dashboard. */
    @Test
    void theGrafanaDashboardIsShippedUnchanged() throws Exception {
        String shipped = file("/usr/share/vigil/grafana/vigil.json");
        assertEquals(Files.readString(Path.of("grafana/vigil.json")), shipped);
        assertTrue(shipped.contains("\"panels\"") && shipped.contains("keepalived_vrrp_state"), "not the dashboard");
        assertTrue(entry("/usr/share/vigil/grafana/vigil.json").startsWith("-rw-r--r-- root/root"));
    }

    @Test
    void theManPagesAreSection8AndDescribeTheOptions() throws Exception {
        String page = Shell.run("sh", "-c", "dpkg-deb --fsys-tarfile \"$0\" | tar -xOf - ./usr/share/man/man8/vigil-check-config.8.gz | gunzip",
                deb.toString()).ok();
        assertTrue(page.contains(".TH \"VIGIL\\-CHECK\\-CONFIG\" \"8\""), page.substring(0, 400));
        assertTrue(page.contains("use\\-file") && page.contains("strict"), "options missing from the page");
        assertTrue(file("/usr/share/bash-completion/completions/vigil").contains("complete -F _complete_vigil"));
    }

    @Test
    void theRuntimeHasOnlyTheModulesVigilNeeds() throws Exception {
        String release = file("/usr/lib/vigil/runtime/release");
        String modules = release.lines().filter(l -> l.startsWith("MODULES=")).findFirst().orElseThrow();
        Set<String> names = new TreeSet<>(Arrays.asList(modules.substring(9, modules.length() - 1).split(" ")));
        assertTrue(names.containsAll(Set.of("java.base", "java.xml", "jdk.unsupported", "jdk.security.auth")), modules);
        assertFalse(names.contains("java.desktop") || names.contains("java.sql") || names.contains("jdk.compiler"),
                modules);
        assertTrue(release.contains("JAVA_VERSION=\"25"), release);
    }

    @Test
    void maintainerScriptsAreValidShellAndNeverEnableOrStartTheService(@TempDir Path control) throws Exception {
        Shell.run("dpkg-deb", "-e", deb.toString(), control.toString()).ok();
        for (String script : List.of("postinst", "prerm", "postrm")) {
            Path path = control.resolve(script);
            Shell.run("sh", "-n", path.toString()).ok();
            List<String> calls = Files.readAllLines(path).stream().map(String::strip)
                    .filter(l -> !l.startsWith("#") && !l.startsWith("echo")).toList();
            assertFalse(calls.stream().anyMatch(l -> l.matches(".*systemctl .*\\b(start|enable|restart|try-restart)\\b.*")),
                    script + " starts or enables something:\n" + String.join("\n", calls));
        }
        assertTrue(Files.readString(control.resolve("prerm")).contains("systemctl stop vigil.service"));
    }

    @Test
    void theTarballHasTheSameTreeAsTheDeb() throws Exception {
        Path tarball = Shell.built("vigil-*-linux-x86_64.tar.gz");
        Set<String> inTar = Shell.run("tar", "-tzf", tarball.toString()).ok().lines()
                .filter(l -> !l.endsWith("/")).collect(Collectors.toCollection(TreeSet::new));
        Set<String> inDeb = listing.stream().filter(l -> !l.startsWith("d"))
                .map(l -> l.substring(l.indexOf(" ./") + 3).replaceFirst(" -> .*", ""))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(inDeb, inTar);
    }

    /**
     * {@code systemd-analyze security --offline=yes} (no running systemd needed) reads the unit's sandboxing as
     * README lists it: each option counts as applied, the capability set excludes what Vigil does not need, and the
     * exposure does not creep up (6.4 "MEDIUM" with this unit; a root daemon with NET_ADMIN cannot go much lower).
     */
    @Test
    void systemdAnalyzeSecurityCountsEverySandboxingOption(@TempDir Path root) throws Exception {
        Shell.run("dpkg-deb", "-x", deb.toString(), root.toString()).ok();
        Path unit = root.resolve("vigil.service");
        Files.copy(root.resolve("usr/lib/systemd/system/vigil.service"), unit);
        Shell security = Shell.run("systemd-analyze", "security", "--offline=yes", "--no-pager", unit.toString());
        assertEquals(0, security.exitCode(), security.stdout() + security.stderr());
        List<String> applied = security.stdout().lines().filter(l -> l.startsWith("\u2713 "))
                .map(l -> l.substring(2).split("\\s+")[0]).toList();
        for (String option : List.of("RestrictRealtime=", "SystemCallArchitectures=", "ProtectClock=",
                "ProtectControlGroups=", "ProtectKernelModules=", "ProtectHostname=", "LockPersonality=",
                "RestrictSUIDSGID=", "NotifyAccess=", "RestrictAddressFamilies=~\u2026",
                "CapabilityBoundingSet=~CAP_SYS_ADMIN", "CapabilityBoundingSet=~CAP_SYS_MODULE",
                "CapabilityBoundingSet=~CAP_BPF", "CapabilityBoundingSet=~CAP_SYS_PTRACE")) {
            assertTrue(applied.contains(option), option + " not applied:\n" + security.stdout());
        }
        java.util.regex.Matcher exposure = java.util.regex.Pattern
                .compile("Overall exposure level for vigil.service: (\\d+\\.\\d)").matcher(security.stdout());
        assertTrue(exposure.find(), security.stdout());
        assertTrue(Double.parseDouble(exposure.group(1)) <= 6.4, "exposure " + exposure.group(1));
    }

    /** The host's systemd checks the unit; ExecStart points at the extracted launcher, since none is installed. */
    @Test
    void systemdAnalyzeVerifyAcceptsTheUnit(@TempDir Path root) throws Exception {
        Shell.run("dpkg-deb", "-x", deb.toString(), root.toString()).ok();
        Path unit = root.resolve("vigil.service");
        Files.writeString(unit, Files.readString(root.resolve("usr/lib/systemd/system/vigil.service"))
                .replace("ExecStart=/usr/bin/vigil ", "ExecStart=" + root.resolve("usr/bin/vigil") + " "));
        Shell verify = Shell.run("systemd-analyze", "verify", "--man=no", unit.toString());
        assertEquals(0, verify.exitCode(), verify.stdout() + verify.stderr());
        assertEquals("", verify.stderr().strip());
    }
}
