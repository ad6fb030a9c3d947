package io.vigil.director.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * keepalived 2.2.7's script checks (lib/notify.c {@code check_script_secure}, vrrp.c
 * {@code check_vrrp_script_security}, check_data.c {@code check_check_script_security}), made on this host's files:
 * <ul>
 *   <li>a script that cannot be found is disabled; a script run as root whose file or any directory above it is
 *       writable by a non-root user or owned by one is insecure, and with {@code enable_script_security} disabled;
 *       a disabled {@code vrrp_script} is an error keepalived reports (it stops tracking it), a disabled notify or
 *       MISC_CHECK script only a warning (keepalived logs it and carries on);</li>
 *   <li>with {@code enable_script_security}, a script without a user needs {@code script_user} or the user
 *       {@code keepalived_script};</li>
 *   <li>without {@code enable_script_security}, any script that exists makes {@code keepalived -t} exit 5 (security).</li>
 * </ul>
 * Not thread-safe: one per configuration load.
 */
final class ScriptSecurity {

    /** keepalived's default script user when {@code script_user} is not set (notify.c {@code get_default_script_user}). */
    static final String DEFAULT_USER = "keepalived_script";
    private static final int S_ISVTX = 01000;
    private static final int S_IWGRP = 020;
    private static final int S_IWOTH = 02;

    private enum Kind { TRACK, OTHER }

    private record Script(String command, String user, Kind kind, String what, SourcePosition position) {
    }

    private enum Verdict { SECURE, INSECURE, NOT_FOUND, NOT_EXECUTABLE }

    private final Diagnostics d;
    private final Map<String, Integer> users;
    private final int rootUid;
    private final List<Path> searchPath;

    /**
     * @param users      user name to uid, as getpwnam(3) would answer
     * @param rootUid    the uid a secure file or directory must belong to (0; a test passes its own)
     * @param searchPath where a bare script name is looked for (PATH)
     */
    ScriptSecurity(Diagnostics diagnostics, Map<String, Integer> users, int rootUid, List<Path> searchPath) {
        this.d = diagnostics;
        this.users = users;
        this.rootUid = rootUid;
        this.searchPath = searchPath;
    }

    /** Checks against this host: users from /etc/passwd, PATH from the environment. */
    static ScriptSecurity onThisHost(Diagnostics diagnostics) {
        Map<String, Integer> users = new HashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] f = line.split(":");
                if (f.length > 2 && f[2].matches("[0-9]+")) {
                    users.putIfAbsent(f[0], Integer.parseInt(f[2]));
                }
            }
        } catch (IOException | RuntimeException e) {
            users.put("root", 0);
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        List<Path> dirs = new ArrayList<>();
        for (String dir : path.split(":")) {
            if (!dir.isEmpty()) {
                dirs.add(Path.of(dir));
            }
        }
        return new ScriptSecurity(diagnostics, users, 0, dirs);
    }

    /** The configuration with the {@code vrrp_script}s keepalived disables no longer tracked. */
    KeepalivedConfig check(KeepalivedConfig c) {
        GlobalDefs g = c.globalDefs();
        boolean security = g.enableScriptSecurity();
        String globalUser = g.scriptUser() == null ? null : g.scriptUser().split("\\s+")[0];
        if (globalUser != null && !users.containsKey(globalUser)) {
            d.corrected(g.position(), "script_user " + globalUser + " does not exist on this host, expected an existing"
                    + " user (keepalived: \"Error setting global script uid/gid\")");
        }
        List<Script> scripts = scripts(c);
        Set<String> disabledTrack = new HashSet<>();
        List<Script> found = new ArrayList<>();
        List<Script> insecure = new ArrayList<>();
        for (Script s : scripts) {
            String user = s.user() != null ? s.user() : globalUser;
            if (user == null && security && !users.containsKey(DEFAULT_USER)) {
                d.corrected(s.position(), s.what() + " has no user and there is no script_user, and the default user "
                        + DEFAULT_USER + " does not exist; expected 'script_user NAME' in global_defs (keepalived:"
                        + " \"Unable to set default user " + DEFAULT_USER + " for script\"); disabled");
                disable(s, disabledTrack);
                continue;
            }
            if (user == null) {
                user = users.containsKey(DEFAULT_USER) ? DEFAULT_USER : "root";
            }
            Integer uid = users.get(user);
            Verdict v = verdict(s.command(), uid != null && uid == 0);
            switch (v) {
                case NOT_FOUND -> {
                    report(s, s.what() + " '" + s.command() + "' is not found or not accessible, expected an existing"
                            + " executable file; keepalived disables it");
                    disable(s, disabledTrack);
                }
                case NOT_EXECUTABLE -> {
                    found.add(s);
                    d.warning(s.position(), s.what() + " '" + s.command() + "' is not executable, expected execute"
                            + " permission; keepalived disables it");
                    disable(s, disabledTrack);
                }
                case INSECURE -> {
                    found.add(s);
                    insecure.add(s);
                    if (security) {
                        report(s, s.what() + " '" + s.command() + "' runs as root but it, or a directory above it,"
                                + " is writable by or belongs to a user other than root; expected root-owned files and"
                                + " directories that only root can write; disabled by enable_script_security");
                        disable(s, disabledTrack);
                    }
                }
                case SECURE -> found.add(s);
            }
        }
        if (!security && !found.isEmpty()) {
            d.scriptSecurity(found.getFirst().position(), found.size() + " script(s) would run, the first here, but"
                    + " enable_script_security is not set; expected 'enable_script_security' in global_defs"
                    + " (keepalived -t: \"SECURITY VIOLATION - scripts are being executed but script_security not"
                    + " enabled.\")" + (insecure.isEmpty() ? "" : " There are insecure scripts: " + insecure.stream()
                    .map(Script::command).toList()));
        }
        return disabledTrack.isEmpty() ? c : withoutTracks(c, disabledTrack);
    }

    private void report(Script s, String message) {
        if (s.kind() == Kind.TRACK) {
            d.corrected(s.position(), message + " and stops tracking it");
        } else {
            d.warning(s.position(), message);
        }
    }

    private static void disable(Script s, Set<String> disabledTrack) {
        if (s.kind() == Kind.TRACK) {
            disabledTrack.add(s.what().substring("vrrp_script ".length()));
        }
    }

    /** Every script keepalived checks: vrrp_scripts and notify scripts when there are instances, checker ones when there are virtual servers. */
    private static List<Script> scripts(KeepalivedConfig c) {
        List<Script> out = new ArrayList<>();
        if (!c.vrrpInstances().isEmpty()) {
            for (VrrpScript s : c.vrrpScripts()) {
                out.add(new Script(s.script(), s.user(), Kind.TRACK, "vrrp_script " + s.name(), s.position()));
            }
            for (VrrpInstance v : c.vrrpInstances()) {
                notify(out, v.notifyScripts(), "vrrp_instance " + v.name());
            }
            for (VrrpSyncGroup g : c.vrrpSyncGroups()) {
                notify(out, g.notifyScripts(), "vrrp_sync_group " + g.name());
            }
        }
        for (VirtualServer vs : c.virtualServers()) {
            notify(out, named("quorum_up", vs.quorumUp(), "quorum_down", vs.quorumDown()), "virtual_server " + vs.label());
            for (RealServer rs : vs.realServers()) {
                String rsName = "real_server " + rs.address().getHostAddress() + " of " + vs.label();
                notify(out, named("notify_up", rs.notifyUp(), "notify_down", rs.notifyDown()), rsName);
                for (Checker ch : rs.checkers()) {
                    if (ch instanceof MiscCheck m && m.miscPath() != null) {
                        out.add(new Script(m.miscPath(), m.user(), Kind.OTHER, "MISC_CHECK misc_path of " + rsName,
                                m.position()));
                    }
                }
            }
        }
        return out;
    }

    private static Map<String, NotifyScript> named(String k1, NotifyScript v1, String k2, NotifyScript v2) {
        Map<String, NotifyScript> m = new java.util.TreeMap<>();
        if (v1 != null) {
            m.put(k1, v1);
        }
        if (v2 != null) {
            m.put(k2, v2);
        }
        return m;
    }

    private static void notify(List<Script> out, Map<String, NotifyScript> scripts, String owner) {
        new java.util.TreeMap<>(scripts).forEach((keyword, s) -> out.add(new Script(s.command(), s.user(), Kind.OTHER,
                keyword + " of " + owner, s.position())));
    }

    /** check_script_secure: where the file is, whether it exists and runs, and, run as root, whether it is safe. */
    private Verdict verdict(String command, boolean runsAsRoot) {
        String first = command.strip().split("\\s+")[0];
        if (first.startsWith("<") && first.substring(1).stripLeading().startsWith("/")) {
            return Verdict.SECURE;
        }
        Path file;
        if (first.contains("/")) {
            file = Path.of(first);
        } else {
            file = searchPath.stream().map(dir -> dir.resolve(first)).filter(Files::isRegularFile).findFirst()
                    .orElse(null);
            if (file == null) {
                return Verdict.NOT_FOUND;
            }
        }
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException | RuntimeException e) {
            return Verdict.NOT_FOUND;
        }
        Integer mode = attribute(real, "unix:mode", true);
        if (mode == null || (mode & 0111) == 0) {
            return mode == null ? Verdict.NOT_FOUND : Verdict.NOT_EXECUTABLE;
        }
        if (!runsAsRoot) {
            return Verdict.SECURE;
        }
        return secure(file.toAbsolutePath()) && secure(real) ? Verdict.SECURE : Verdict.INSECURE;
    }

    /** notify.c check_security: every component from / down is root's and, unless a sticky directory, not writable by others. */
    private boolean secure(Path path) {
        Path at = path.getRoot();
        List<Path> components = new ArrayList<>();
        components.add(at);
        for (Path name : path) {
            at = at.resolve(name);
            components.add(at);
        }
        for (Path p : components) {
            Integer mode = attribute(p, "unix:mode", false);
            Integer uid = attribute(p, "unix:uid", false);
            Integer gid = attribute(p, "unix:gid", false);
            if (mode == null || uid == null || gid == null) {
                return false;
            }
            boolean dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
            boolean regular = Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS);
            boolean writableByOthers = (gid != 0 && (mode & S_IWGRP) != 0) || (mode & S_IWOTH) != 0;
            if (uid != rootUid || ((dir && (mode & S_ISVTX) == 0 || regular) && writableByOthers)) {
                return false;
            }
        }
        return true;
    }

    private static Integer attribute(Path p, String name, boolean follow) {
        try {
            return (Integer) (follow ? Files.getAttribute(p, name) : Files.getAttribute(p, name, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A disabled vrrp_script is no longer tracked by any instance or sync group (vrrp.c L230-260). */
    private static KeepalivedConfig withoutTracks(KeepalivedConfig c, Set<String> disabled) {
        List<VrrpInstance> instances = new ArrayList<>();
        for (VrrpInstance v : c.vrrpInstances()) {
            instances.add(v.withTracks(v.trackScripts().stream().filter(t -> !disabled.contains(t.name())).toList(),
                    v.trackFiles()));
        }
        List<VrrpSyncGroup> groups = new ArrayList<>();
        for (VrrpSyncGroup g : c.vrrpSyncGroups()) {
            groups.add(new VrrpSyncGroup(g.name(), g.group(), g.trackInterfaces(), g.trackScripts().stream()
                    .filter(t -> !disabled.contains(t.name())).toList(), g.trackFiles(), g.notifyScripts(),
                    g.smtpAlert(), g.notifyPriorityChanges(), g.syncGroupTrackingWeight(), g.unsupported(),
                    g.position()));
        }
        return new KeepalivedConfig(c.globalDefs(), c.vrrpScripts(), c.trackFiles(), List.copyOf(groups),
                List.copyOf(instances), c.virtualServerGroups(), c.virtualServers(), c.unsupported());
    }
}
