package io.vigil.director.config;

import static io.vigil.director.config.GlobalDefsReader.orElse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code vrrp_script}, {@code track_file} and {@code vrrp_sync_group} blocks, and the {@code track_*} and
 * {@code notify*} entries that instances and sync groups share (keepalived.conf(5), vrrp_parser.c).
 */
final class VrrpTrackerReader {

    /** Tracker weight range for scripts, interfaces and BFD (vrrp_track.c: -253..253). */
    static final int MAX_WEIGHT = 253;
    /** The notify keywords of instances and sync groups. */
    static final Set<String> NOTIFY = Set.of("notify_master", "notify_backup", "notify_fault", "notify_stop",
            "notify_deleted", "notify_master_rx_lower_pri", "notify");

    private final StatementReader in;

    VrrpTrackerReader(StatementReader in) {
        this.in = in;
    }

    VrrpScript script(Statement block) {
        String name = in.required(block, 0, "a script name");
        String script = null;
        Duration interval = Duration.ofSeconds(1);
        Duration timeout = null;
        int weight = 0;
        boolean reverse = false;
        int rise = 1;
        int fall = 1;
        String user = null;
        String group = null;
        boolean initFail = false;
        for (Statement s : block.children()) {
            switch (s.name()) {
                case "script" -> script = orElse(in.rest(s, 0, "a command line"), script);
                case "interval" -> {
                    Integer seconds = in.intArg(s, 0, 1, 4294);
                    interval = seconds == null ? interval : Duration.ofSeconds(seconds);
                }
                case "timeout" -> timeout = orElse(in.timer(s, 0, 0.001, 4294.967295), timeout);
                case "weight" -> {
                    weight = orElse(in.intArg(s, 0, -MAX_WEIGHT, MAX_WEIGHT), weight);
                    reverse = "reverse".equals(s.arg(1));
                }
                case "rise" -> rise = orElse(in.intArg(s, 0, 1, Integer.MAX_VALUE), rise);
                case "fall" -> fall = orElse(in.intArg(s, 0, 1, Integer.MAX_VALUE), fall);
                case "user" -> {
                    user = in.required(s, 0, "a user name");
                    group = s.arg(1);
                }
                case "init_fail" -> initFail = true;
                default -> in.unknown(s, "vrrp_script");
            }
        }
        if (script == null) {
            in.diagnostics().error(end(block), "vrrp_script " + name + " has no 'script', expected"
                    + " 'script \"command\"'; the script is removed");
            return null;
        }
        return new VrrpScript(name, script, interval, timeout == null ? interval : timeout, weight, reverse, rise,
                fall, user, group, initFail, block.position());
    }

    TrackFile trackFile(Statement block) {
        String name = in.required(block, 0, "a track_file name");
        String file = null;
        int weight = 1;
        boolean reverse = false;
        Long init = null;
        boolean overwrite = false;
        for (Statement s : block.children()) {
            switch (s.name()) {
                case "file" -> file = orElse(in.required(s, 0, "a file path"), file);
                case "weight" -> {
                    weight = orElse(in.intArg(s, 0, -254, 254), weight);
                    reverse = "reverse".equals(s.arg(1));
                }
                case "init_file" -> {
                    init = s.arg(0) == null || s.arg(0).equals("overwrite") ? 0L
                            : in.integer(s, 0, Integer.MIN_VALUE, Integer.MAX_VALUE);
                    overwrite = s.args().stream().anyMatch(t -> t.text().equals("overwrite"));
                }
                default -> in.unknown(s, block.name());
            }
        }
        if (file == null) {
            in.diagnostics().error(end(block), block.name() + " " + name + " has no 'file', expected"
                    + " 'file \"PATH\"'; the tracker is removed");
            return null;
        }
        return new TrackFile(name, file, weight, reverse, init, overwrite, block.position());
    }

    VrrpSyncGroup syncGroup(Statement block) {
        String name = in.required(block, 0, "a sync group name");
        List<String> members = new ArrayList<>();
        List<Track> ifs = new ArrayList<>();
        List<Track> scripts = new ArrayList<>();
        List<Track> files = new ArrayList<>();
        Map<String, NotifyScript> notify = new LinkedHashMap<>();
        Boolean smtpAlert = null;
        boolean priorityChanges = false;
        boolean trackingWeight = false;
        List<Setting> unsupported = new ArrayList<>();
        for (Statement s : block.children()) {
            switch (s.name()) {
                case "group" -> {
                    s.children().forEach(m -> {
                        members.add(m.name());
                        m.args().forEach(t -> members.add(t.text()));
                    });
                    s.args().forEach(t -> members.add(t.text()));
                }
                case "track_interface" -> ifs.addAll(tracks(s, MAX_WEIGHT));
                case "track_script" -> scripts.addAll(tracks(s, MAX_WEIGHT));
                case "track_file" -> files.addAll(tracks(s, 254));
                case "smtp_alert" -> smtpAlert = in.bool(s);
                case "notify_priority_changes" -> priorityChanges = in.flag(s);
                case "sync_group_tracking_weight" -> trackingWeight = true;
                case "track_process", "track_bfd", "global_tracking" -> unsupported.add(in.unsupported(s));
                default -> {
                    if (NOTIFY.contains(s.name())) {
                        NotifyScript script = in.script(s);
                        if (script != null) {
                            notify.put(s.name(), script);
                        }
                    } else {
                        in.unknown(s, "vrrp_sync_group");
                    }
                }
            }
        }
        if (members.isEmpty()) {
            in.diagnostics().error(block.position(), "vrrp_sync_group " + name + " has no members, expected"
                    + " 'group { INSTANCE ... }'; the group is removed");
            return null;
        }
        if (members.size() == 1) {
            in.diagnostics().corrected(block.position(), "vrrp_sync_group " + name + " has only one member ("
                    + members.getFirst() + "); this probably isn't what you want, expected two or more instances");
        }
        return new VrrpSyncGroup(name, List.copyOf(members), List.copyOf(ifs), List.copyOf(scripts),
                List.copyOf(files), Map.copyOf(notify), smtpAlert, priorityChanges, trackingWeight,
                List.copyOf(unsupported), block.position());
    }

    /** The entries of a {@code track_*} block: {@code NAME [weight W [reverse|noreverse]]}. */
    List<Track> tracks(Statement block, int maxWeight) {
        List<Track> out = new ArrayList<>();
        for (Statement s : block.children()) {
            Integer weight = null;
            boolean reverse = false;
            for (int i = 0; i < s.args().size(); i++) {
                switch (s.arg(i)) {
                    case "weight" -> {
                        Long w = in.integer(block.name() + " weight", String.valueOf(s.arg(i + 1)),
                                s.argPosition(Math.min(i + 1, s.args().size() - 1)), -maxWeight, maxWeight);
                        weight = w == null ? null : w.intValue();
                        i++;
                    }
                    case "reverse" -> reverse = true;
                    case "noreverse" -> reverse = false;
                    default -> in.diagnostics().error(s.argPosition(i), block.name() + " " + s.name()
                            + ": found '" + s.arg(i) + "', expected 'weight N' or 'reverse'");
                }
            }
            out.add(new Track(s.name(), weight, reverse, s.position()));
        }
        return out;
    }

    static SourcePosition end(Statement block) {
        return block.closedAt() == null ? block.position() : block.closedAt();
    }
}
