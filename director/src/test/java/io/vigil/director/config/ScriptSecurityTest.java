package io.vigil.director.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * keepalived's script checks on files made here (as root, like the lab tests: keepalived wants root-owned
 * directories from / down to the script).
 */
class ScriptSecurityTest {

    @TempDir
    Path dir;
    private int uid;

    @BeforeEach
    void files() throws Exception {
        uid = (Integer) Files.getAttribute(dir, "unix:uid");
        assumeTrue(uid == 0, "keepalived's rule wants root-owned directories from / down to the script");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        script("ok.sh", "rwxr-xr-x");
        script("ww.sh", "rwxrwxrwx");
        script("noexec.sh", "rw-r--r--");
        Files.createDirectory(dir.resolve("wwdir"));
        Files.setPosixFilePermissions(dir.resolve("wwdir"), PosixFilePermissions.fromString("rwxrwxrwx"));
        script("wwdir/s.sh", "rwxr-xr-x");
    }

    private void script(String name, String mode) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    }

    private record Result(KeepalivedConfig config, List<Diagnostic> diagnostics, int exitCode) {
    }

    /** Loads an instance tracking one script with the given global_defs lines, checked as if this uid were root. */
    private Result check(String script, String globals) throws Exception {
        Path conf = dir.resolve("k.conf");
        Files.writeString(conf, """
                global_defs {
                %s
                }
                vrrp_script chk {
                  script "%s"
                }
                vrrp_instance VI_1 {
                  interface eth0
                  virtual_router_id 51
                  virtual_ipaddress {
                    198.18.0.10/24
                  }
                  track_script {
                    chk
                  }
                }
                """.formatted(globals, script));
        Diagnostics d = new Diagnostics(true);
        KeepalivedConfig c = new ConfigLoader("x", true, null).load(conf).config();
        KeepalivedConfig checked = new ScriptSecurity(d, Map.of("root", uid, "nobody", 65534), uid,
                List.of(dir)).check(c);
        ConfigLoad load = new ConfigLoad(checked, d.list());
        return new Result(checked, d.list(), load.configTestExitCode());
    }

    private static String messages(Result r) {
        return r.diagnostics().toString();
    }

    @Test
    void secureScriptWithScriptSecurityPasses() throws Exception {
        Result r = check(dir.resolve("ok.sh").toString(), "enable_script_security\nscript_user root");
        assertEquals(0, r.exitCode(), messages(r));
        assertEquals(1, r.config().vrrpInstances().getFirst().trackScripts().size());
    }

    @Test
    void anyScriptWithoutScriptSecurityIsTheSecurityExit() throws Exception {
        Result r = check(dir.resolve("ok.sh").toString(), "router_id x");
        assertEquals(5, r.exitCode(), messages(r));
        assertTrue(r.diagnostics().getFirst().security());
        assertTrue(messages(r).contains("expected 'enable_script_security'"), messages(r));
    }

    @Test
    void worldWritableScriptIsDisabledWithScriptSecurity() throws Exception {
        Result r = check(dir.resolve("ww.sh").toString(), "enable_script_security\nscript_user root");
        assertEquals(4, r.exitCode(), messages(r));
        assertTrue(messages(r).contains("disabled by enable_script_security"), messages(r));
        assertTrue(r.config().vrrpInstances().getFirst().trackScripts().isEmpty(), "no longer tracked");
    }

    @Test
    void worldWritableScriptWithoutScriptSecurityIsInsecureButRuns() throws Exception {
        Result r = check(dir.resolve("ww.sh").toString(), "script_user root");
        assertEquals(5, r.exitCode(), messages(r));
        assertTrue(messages(r).contains("There are insecure scripts"), messages(r));
        assertEquals(1, r.config().vrrpInstances().getFirst().trackScripts().size());
    }

    @Test
    void scriptInWorldWritableDirectoryIsDisabled() throws Exception {
        Result r = check(dir.resolve("wwdir/s.sh").toString(), "enable_script_security\nscript_user root");
        assertEquals(4, r.exitCode(), messages(r));
    }

    @Test
    void missingScriptIsDisabledEitherWay() throws Exception {
        for (String globals : List.of("enable_script_security\nscript_user root", "router_id x")) {
            Result r = check(dir.resolve("missing.sh").toString(), globals);
            assertEquals(4, r.exitCode(), messages(r));
            assertTrue(messages(r).contains("is not found or not accessible"), messages(r));
            assertTrue(r.config().vrrpInstances().getFirst().trackScripts().isEmpty());
        }
    }

    @Test
    void bareNameIsLookedUpOnThePath() throws Exception {
        assertEquals(0, check("ok.sh arg", "enable_script_security\nscript_user root").exitCode());
        assertEquals(4, check("nosuch.sh", "enable_script_security\nscript_user root").exitCode());
    }

    @Test
    void scriptSecurityWithoutAnyScriptUserDisablesTheScript() throws Exception {
        Result r = check(dir.resolve("ok.sh").toString(), "enable_script_security");
        assertEquals(4, r.exitCode(), messages(r));
        assertTrue(messages(r).contains("expected 'script_user NAME'"), messages(r));
    }

    @Test
    void scriptRunAsAnotherUserIsNotCheckedForOwnership() throws Exception {
        Result r = check(dir.resolve("ww.sh").toString(), "enable_script_security\nscript_user nobody");
        assertEquals(0, r.exitCode(), messages(r));
    }

    @Test
    void notExecutableScriptIsAWarning() throws Exception {
        Result r = check(dir.resolve("noexec.sh").toString(), "enable_script_security\nscript_user root");
        assertEquals(0, r.exitCode(), messages(r));
        assertTrue(messages(r).contains("is not executable"), messages(r));
    }
}
