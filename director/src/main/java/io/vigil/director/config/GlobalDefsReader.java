package io.vigil.director.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads {@code global_defs} (keepalived.conf(5) "Global definitions"; global_parser.c keyword list). */
final class GlobalDefsReader {

    /** Default IPv4 VRRP group, RFC 5798 §5.1.1.2. */
    static final InetAddress MCAST4 = StatementReader.parseAddress("224.0.0.18");
    /** Default IPv6 VRRP group, RFC 5798 §5.1.2.2. */
    static final InetAddress MCAST6 = StatementReader.parseAddress("ff02::12");

    /** global_defs keywords keepalived 2.2.7 accepts that Vigil keeps but does not implement. */
    static final Set<String> UNSUPPORTED = Set.of("smtp_alert_vrrp", "smtp_alert_checker", "enable_snmp_vrrp",
            "enable_snmp_keepalived", "enable_snmp_checker", "enable_snmp_rfc", "enable_snmp_rfcv2",
            "enable_snmp_rfcv3", "enable_traps", "snmp_socket", "enable_dbus", "enable_dbus_get_object",
            "dbus_service_name", "notify_fifo", "notify_fifo_script", "vrrp_notify_fifo", "vrrp_notify_fifo_script",
            "lvs_notify_fifo", "lvs_notify_fifo_script", "lvs_flush",
            "lvs_flush_on_stop", "reload_check_config", "reload_file", "reload_time_file", "reload_repeat",
            "data_use_instance", "state_dump_file", "stats_dump_file", "json_dump_file", "json_version",
            "max_auto_priority", "min_auto_priority_delay", "vrrp_rt_priority", "vrrp_priority", "vrrp_no_swap",
            "vrrp_cpu_affinity", "checker_rt_priority", "checker_priority", "checker_no_swap",
            "checker_cpu_affinity", "bfd_rt_priority", "bfd_priority", "bfd_no_swap", "bfd_cpu_affinity",
            "dynamic_interfaces", "default_interface", "vrrp_iptables", "vrrp_ipsets", "nftables",
            "nftables_priority", "nftables_ifindex", "nftables_counters", "vrrp_garp_extra_if",
            "vrrp_netlink_cmd_rcv_bufs", "vrrp_netlink_cmd_rcv_bufs_force", "vrrp_netlink_monitor_rcv_bufs",
            "vrrp_netlink_monitor_rcv_bufs_force", "lvs_netlink_cmd_rcv_bufs", "lvs_netlink_cmd_rcv_bufs_force",
            "lvs_netlink_monitor_rcv_bufs", "lvs_netlink_monitor_rcv_bufs_force", "process_names", "process_name",
            "vrrp_process_name", "checker_process_name", "bfd_process_name", "linkbeat_use_polling",
            "net_namespace", "net_namespace_ipvs", "namespace_with_ipsets", "instance", "use_pid_dir",
            "child_wait_time", "umask", "startup_script", "startup_script_timeout", "shutdown_script",
            "shutdown_script_timeout", "random_seed", "vrrp_owner_ignore_adverts", "vrrp_log_unknown_vrids",
            "vrrp_delay_after_boot", "checker_log_all_failures", "disable_local_igmp", "include_check",
            "config_save_dir", "fifo_write_vrrp_states_on_reload", "vrrp_rx_bufs_policy",
            "vrrp_rx_bufs_multiplier", "vrrp_startup_delay_log", "local_name", "vrrp_track_process_bufs",
            "no_checker_emails", "vrrp_garp_lower_prio_no_advert", "vrrp_higher_prio_send_advert_all");

    private final StatementReader in;

    GlobalDefsReader(StatementReader in) {
        this.in = in;
    }

    /** keepalived's defaults, for a configuration without {@code global_defs}. */
    static GlobalDefs defaults() {
        return new GlobalDefsReader(new StatementReader(new Diagnostics(false))).read(null);
    }

    GlobalDefs read(Statement block) {
        String routerId = null;
        List<String> emails = new ArrayList<>();
        String emailFrom = null;
        InetAddress smtpServer = null;
        int smtpPort = 25;
        Duration smtpTimeout = Duration.ofSeconds(30);
        String heloName = null;
        Boolean smtpAlert = null;
        InetAddress group4 = MCAST4;
        InetAddress group6 = MCAST6;
        int version = 2;
        Duration garpDelay = Duration.ofSeconds(5);
        int garpRepeat = 5;
        Duration garpRefresh = Duration.ZERO;
        int garpRefreshRepeat = 1;
        Duration lowerDelay = null;
        Integer lowerRepeat = null;
        Duration garpInterval = Duration.ZERO;
        Duration gnaInterval = Duration.ZERO;
        boolean minGarp = false;
        boolean lowerNoAdvert = false;
        boolean higherSend = false;
        int downTimerAdverts = 3;
        boolean checkUnicastSrc = false;
        boolean skipCheck = false;
        boolean strict = false;
        boolean v3AsV2 = false;
        Duration startupDelay = Duration.ZERO;
        String scriptUser = null;
        boolean scriptSecurity = false;
        List<Setting> unsupported = new ArrayList<>();
        LvsTimeouts lvsTimeouts = LvsTimeouts.UNSET;
        LvsSyncDaemon syncDaemon = null;
        List<Statement> body = block == null ? List.of() : block.children();
        for (Statement s : body) {
            switch (s.name()) {
                case "router_id" -> routerId = orElse(in.required(s, 0, "a router id"), routerId);
                case "notification_email" -> {
                    s.children().forEach(e -> emails.add(e.name()));
                    s.args().forEach(t -> emails.add(t.text()));
                }
                case "notification_email_from" -> emailFrom = orElse(in.required(s, 0, "an e-mail address"), emailFrom);
                case "smtp_server" -> {
                    smtpServer = orElse(in.address(s, 0), smtpServer);
                    if (s.arg(1) != null) {
                        smtpPort = orElse(in.intArg(s, 1, 1, 65535), smtpPort);
                    }
                }
                case "smtp_connect_timeout" -> smtpTimeout = orElse(in.timer(s, 0, 0.000001, 4294.967295), smtpTimeout);
                case "smtp_helo_name" -> heloName = orElse(in.required(s, 0, "a host name"), heloName);
                case "smtp_alert" -> smtpAlert = orElse(in.bool(s), smtpAlert);
                case "vrrp_mcast_group4" -> group4 = orElse(in.address(s, 0), group4);
                case "vrrp_mcast_group6" -> group6 = orElse(in.address(s, 0), group6);
                case "vrrp_version" -> version = orElse(in.intArg(s, 0, 2, 3), version);
                case "vrrp_garp_master_delay" -> garpDelay = orElse(in.timer(s, 0, 0, 4294.967295), garpDelay);
                case "vrrp_garp_master_repeat" -> garpRepeat = orElse(in.intArg(s, 0, 0, Integer.MAX_VALUE), garpRepeat);
                case "vrrp_garp_master_refresh" -> garpRefresh = orElse(in.timer(s, 0, 0, 4294.967295), garpRefresh);
                case "vrrp_garp_master_refresh_repeat" ->
                        garpRefreshRepeat = orElse(in.intArg(s, 0, 1, Integer.MAX_VALUE), garpRefreshRepeat);
                case "vrrp_garp_lower_prio_delay" -> lowerDelay = orElse(in.timer(s, 0, 0, 4294.967295), lowerDelay);
                case "vrrp_garp_lower_prio_repeat" ->
                        lowerRepeat = orElse(in.intArg(s, 0, 0, Integer.MAX_VALUE), lowerRepeat);
                case "vrrp_garp_interval" -> garpInterval = orElse(in.timer(s, 0, 0.000001, 4294.967295), garpInterval);
                case "vrrp_gna_interval" -> gnaInterval = orElse(in.timer(s, 0, 0.000001, 4294.967295), gnaInterval);
                case "vrrp_min_garp" -> minGarp = in.flag(s);
                case "vrrp_lower_prio_no_advert" -> lowerNoAdvert = in.flag(s);
                case "vrrp_higher_prio_send_advert" -> higherSend = in.flag(s);
                case "vrrp_down_timer_adverts" -> downTimerAdverts = orElse(in.intArg(s, 0, 1, 100), downTimerAdverts);
                case "vrrp_check_unicast_src" -> checkUnicastSrc = in.flag(s);
                case "vrrp_skip_check_adv_addr" -> skipCheck = in.flag(s);
                case "vrrp_strict" -> strict = in.flag(s);
                case "v3_checksum_as_v2" -> v3AsV2 = in.flag(s);
                case "vrrp_startup_delay" -> startupDelay = orElse(in.timer(s, 0, 0, 4294.967295), startupDelay);
                case "script_user" -> scriptUser = orElse(in.rest(s, 0, "a user name"), scriptUser);
                case "enable_script_security" -> scriptSecurity = in.flag(s);
                case "lvs_timeouts" -> lvsTimeouts = lvsTimeouts(in, s, lvsTimeouts);
                case "lvs_sync_daemon" -> {
                    if (syncDaemon != null) {
                        in.diagnostics().error(s.position(), "lvs_sync_daemon has already been given at "
                                + syncDaemon.position() + "; expected it once, this one is ignored");
                    } else {
                        syncDaemon = syncDaemon(in, s);
                    }
                }
                default -> {
                    if (UNSUPPORTED.contains(s.name())) {
                        unsupported.add(in.unsupported(s));
                    } else {
                        in.unknown(s, "global_defs");
                    }
                }
            }
        }
        if (minGarp) {
            garpRepeat = 1;
            garpDelay = Duration.ZERO;
        }
        return new GlobalDefs(routerId, List.copyOf(emails), emailFrom, smtpServer, smtpPort, smtpTimeout, heloName,
                smtpAlert, group4, group6, version, garpDelay, garpRepeat, garpRefresh, garpRefreshRepeat,
                lowerDelay == null ? garpDelay : lowerDelay, lowerRepeat == null ? garpRepeat : lowerRepeat,
                garpInterval, gnaInterval, minGarp, lowerNoAdvert || strict, higherSend && !strict, downTimerAdverts,
                checkUnicastSrc, skipCheck, strict, v3AsV2, startupDelay, scriptUser, scriptSecurity,
                lvsTimeouts, syncDaemon, List.copyOf(unsupported), block == null ? null : block.position());
    }

    /** {@code lvs_timeouts [tcp N] [tcpfin N] [udp N]}, as keepalived's {@code lvs_timeouts} handler reads it. */
    private static LvsTimeouts lvsTimeouts(StatementReader in, Statement s, LvsTimeouts current) {
        int tcp = current.tcpSeconds();
        int fin = current.tcpFinSeconds();
        int udp = current.udpSeconds();
        for (int i = 0; s.arg(i) != null; i += 2) {
            String word = in.choice(s, i, List.of("tcp", "tcpfin", "udp"), false);
            if (word == null) {
                return current;
            }
            Integer seconds = in.intArg(s, i + 1, 1, 2147483);
            if (seconds == null) {
                return current;
            }
            switch (word) {
                case "tcp" -> tcp = seconds;
                case "tcpfin" -> fin = seconds;
                default -> udp = seconds;
            }
        }
        return new LvsTimeouts(tcp, fin, udp);
    }

    /**
     * {@code lvs_sync_daemon IF [inst] VI [id N] [maxlen N] [port N] [ttl N] [group ADDR]}, as
     * {@code lvs_syncd_handler} reads it (also its older form {@code IF VI [SYNCID]}); a bad value is an error at
     * its argument and the setting keeps its default; null when the interface or instance is missing.
     */
    private static LvsSyncDaemon syncDaemon(StatementReader in, Statement s) {
        String ifName = in.required(s, 0, "an interface name");
        if (ifName == null) {
            return null;
        }
        if (ifName.length() >= 16) {
            in.diagnostics().error(s.argPosition(0), "lvs_sync_daemon: interface name '" + ifName
                    + "' is too long, expected at most 15 characters");
            return null;
        }
        String instance = null;
        Integer syncId = null;
        Integer maxLength = null;
        int port = LvsSyncDaemon.DEFAULT_PORT;
        int ttl = LvsSyncDaemon.DEFAULT_TTL;
        InetAddress group = LvsSyncDaemon.DEFAULT_GROUP;
        for (int i = 1; s.arg(i) != null; i++) {
            String word = s.arg(i);
            boolean valued = switch (word) {
                case "inst", "id", "maxlen", "port", "ttl", "group" -> true;
                default -> false;
            };
            if (valued && s.arg(i + 1) == null) {
                in.diagnostics().error(s.argPosition(i), "lvs_sync_daemon: found no value after '" + word
                        + "', expected one");
                break;
            }
            switch (word) {
                case "inst" -> instance = s.arg(++i);
                case "id" -> syncId = orElse(in.intArg(s, ++i, 0, 255), syncId);
                case "maxlen" -> maxLength = orElse(in.intArg(s, ++i, 1, 65535 - 20 - 8), maxLength);
                case "port" -> port = orElse(in.intArg(s, ++i, 1, 65535), port);
                case "ttl" -> ttl = orElse(in.intArg(s, ++i, 1, 255), ttl);
                case "group" -> {
                    InetAddress a = in.address(s, ++i);
                    if (a != null && !(a.isMulticastAddress() && a.getAddress().length == 4)) {
                        in.diagnostics().error(s.argPosition(i), "lvs_sync_daemon: group " + s.arg(i)
                                + " is not an IPv4 multicast address, expected one such as 224.0.0.81");
                    } else if (a != null) {
                        group = a;
                    }
                }
                default -> {
                    if (i == 1 && instance == null) {
                        instance = word;
                    } else if (i == 2 && syncId == null) {
                        syncId = orElse(in.intArg(s, i, 0, 255), syncId);
                        in.diagnostics().warning(s.argPosition(i), "lvs_sync_daemon: a SYNCID without 'id' is"
                                + " deprecated, expected 'id " + word + "'");
                    } else {
                        in.diagnostics().error(s.argPosition(i), "lvs_sync_daemon: found '" + word
                                + "', expected inst, id, maxlen, port, ttl or group");
                    }
                }
            }
        }
        if (instance == null) {
            in.diagnostics().error(s.position(), "lvs_sync_daemon " + ifName
                    + ": found no vrrp_instance, expected 'lvs_sync_daemon INTERFACE VRRP_INSTANCE'");
            return null;
        }
        return new LvsSyncDaemon(ifName, instance, syncId, maxLength, port, ttl, group, s.position());
    }

    static <T> T orElse(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
