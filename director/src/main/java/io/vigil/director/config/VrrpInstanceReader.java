package io.vigil.director.config;

import static io.vigil.director.config.GlobalDefsReader.orElse;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Reads a {@code vrrp_instance} block and completes it as keepalived's {@code vrrp_complete_instance} does
 * (vrrp.c L3235+): derived state and priority, version, advert_int rounding, inherited GARP settings, strict mode.
 */
final class VrrpInstanceReader {

    /** Default priority, vrrp_data.c {@code alloc_vrrp}; RFC 5798 §5.2.4. */
    static final int DEFAULT_PRIORITY = 100;
    /** The address owner's priority, RFC 5798 §5.2.4. */
    static final int OWNER_PRIORITY = 255;

    static final Set<String> UNSUPPORTED = Set.of("track_process", "track_bfd", "auth_hmac", "use_vmac_addr",
            "vmac_xmit_base", "use_ipvlan", "garp_extra_if", "promote_secondaries", "kernel_rx_buf_size",
            "linkbeat_use_polling", "native_ipv6", "debug", "timer_expired_backup", "owner_ignore_adverts",
            "old_unicast_checksum", "track_src_ip", "lvs_sync_daemon_interface", "notify_priority_changes_all",
            "virtual_ipaddress_nftables", "mcast_rx_buf_size", "unicast_ttl_check");

    private final StatementReader in;
    private final VrrpTrackerReader trackers;
    private final GlobalDefs global;
    private final Predicate<String> interfaceExists;
    private final VirtualRoutingReader routing;

    /**
     * @param interfaceExists answers whether a network interface exists on this host, or null to skip that check
     */
    VrrpInstanceReader(StatementReader in, GlobalDefs global, Predicate<String> interfaceExists) {
        this.in = in;
        this.trackers = new VrrpTrackerReader(in);
        this.global = global;
        this.interfaceExists = interfaceExists;
        this.routing = new VirtualRoutingReader(in.diagnostics(), interfaceExists);
    }

    private void interfaceCheck(String name, SourcePosition at, String what) {
        if (name != null && interfaceExists != null && !interfaceExists.test(name)) {
            in.diagnostics().error(at, what + ": interface '" + name + "' does not exist on this host, expected an"
                    + " existing interface (keepalived: \"Non-existent interface specified in configuration\")");
        }
    }

    VrrpInstance read(Statement block) {
        Diagnostics d = in.diagnostics();
        String name = in.required(block, 0, "an instance name");
        InitialState state = null;
        Statement stateAt = null;
        String ifName = null;
        int vrid = 0;
        Integer priority = null;
        Duration advert = Duration.ofSeconds(1);
        Statement advertAt = null;
        Integer version = null;
        boolean nopreempt = false;
        Duration preemptDelay = Duration.ZERO;
        Duration garpDelay = global.vrrpGarpMasterDelay();
        int garpRepeat = global.vrrpGarpMasterRepeat();
        Duration garpRefresh = global.vrrpGarpMasterRefresh();
        int garpRefreshRepeat = global.vrrpGarpMasterRefreshRepeat();
        Duration lowerDelay = global.vrrpGarpLowerPrioDelay();
        int lowerRepeat = global.vrrpGarpLowerPrioRepeat();
        InetAddress mcastSrc = null;
        InetAddress unicastSrc = null;
        InetAddress mcastDst = null;
        List<UnicastPeer> peers = new ArrayList<>();
        Integer unicastTtl = null;
        Statement ttlAt = null;
        boolean faultNoPeer = false;
        List<Track> trackIfs = new ArrayList<>();
        List<Track> trackScripts = new ArrayList<>();
        List<Track> trackFiles = new ArrayList<>();
        List<Track> trackProcesses = new ArrayList<>();
        boolean dontTrackPrimary = false;
        Authentication auth = null;
        Statement authAt = null;
        List<VirtualIpAddress> vips = new ArrayList<>();
        List<VirtualIpAddress> evips = new ArrayList<>();
        List<String> routes = new ArrayList<>();
        List<String> rules = new ArrayList<>();
        Map<String, NotifyScript> notify = new LinkedHashMap<>();
        Boolean smtpAlert = null;
        boolean priorityChanges = false;
        Boolean accept = null;
        String useVmac = null;
        int downTimerAdverts = global.vrrpDownTimerAdverts();
        boolean lowerNoAdvert = global.vrrpLowerPrioNoAdvert();
        boolean higherSend = global.vrrpHigherPrioSendAdvert();
        boolean strict = global.vrrpStrict();
        boolean skipCheck = global.vrrpSkipCheckAdvAddr();
        boolean checkSrc = global.vrrpCheckUnicastSrc();
        boolean v3AsV2 = global.v3ChecksumAsV2();
        List<Setting> unsupported = new ArrayList<>();
        for (Statement s : block.children()) {
            switch (s.name()) {
                case "state" -> {
                    InitialState v = in.choice(s, 0, InitialState.class, false);
                    if (v != null) {
                        state = v;
                        stateAt = s;
                    }
                }
                case "interface" -> {
                    ifName = orElse(in.required(s, 0, "an interface name"), ifName);
                    if ("lo".equals(ifName)) {
                        d.error(s.argPosition(0), "interface: found the loopback interface 'lo', expected an"
                                + " interface VRRP can advertise on; ignored");
                        ifName = null;
                    }
                    interfaceCheck(ifName, s.argPosition(0), "vrrp_instance " + name);
                }
                case "virtual_router_id" -> vrid = orElse(in.intArg(s, 0, 1, 255), vrid);
                case "priority" -> priority = orElse(in.intArg(s, 0, 1, 255), priority);
                case "advert_int" -> {
                    advert = orElse(in.timer(s, 0, 0.01, 255), advert);
                    advertAt = s;
                }
                case "version" -> version = orElse(in.intArg(s, 0, 2, 3), version);
                case "nopreempt" -> nopreempt = true;
                case "preempt" -> nopreempt = false;
                case "preempt_delay" -> preemptDelay = orElse(in.timer(s, 0, 0, 1000), preemptDelay);
                case "garp_master_delay" -> garpDelay = orElse(in.timer(s, 0, 0, 4294.967295), garpDelay);
                case "garp_master_repeat" -> garpRepeat = orElse(in.intArg(s, 0, 0, Integer.MAX_VALUE), garpRepeat);
                case "garp_master_refresh" -> garpRefresh = orElse(in.timer(s, 0, 0, 4294.967295), garpRefresh);
                case "garp_master_refresh_repeat" ->
                        garpRefreshRepeat = orElse(in.intArg(s, 0, 1, Integer.MAX_VALUE), garpRefreshRepeat);
                case "garp_lower_prio_delay" -> lowerDelay = orElse(in.timer(s, 0, 0, 4294.967295), lowerDelay);
                case "garp_lower_prio_repeat" ->
                        lowerRepeat = orElse(in.intArg(s, 0, 0, Integer.MAX_VALUE), lowerRepeat);
                case "mcast_src_ip" -> mcastSrc = orElse(in.address(s, 0), mcastSrc);
                case "unicast_src_ip" -> unicastSrc = orElse(in.address(s, 0), unicastSrc);
                case "mcast_dst_ip" -> mcastDst = orElse(in.address(s, 0), mcastDst);
                case "unicast_peer" -> peers.addAll(peers(s));
                case "unicast_ttl" -> {
                    unicastTtl = orElse(in.intArg(s, 0, 0, 255), unicastTtl);
                    ttlAt = s;
                }
                case "unicast_fault_no_peer" -> faultNoPeer = true;
                case "track_interface" -> {
                    List<Track> tracks = trackers.tracks(s, VrrpTrackerReader.MAX_WEIGHT);
                    tracks.forEach(t -> interfaceCheck(t.name(), t.position(), "track_interface of " + name));
                    trackIfs.addAll(tracks);
                }
                case "track_script" -> trackScripts.addAll(trackers.tracks(s, VrrpTrackerReader.MAX_WEIGHT));
                case "track_file", "vrrp_track_file" -> trackFiles.addAll(trackers.tracks(s, 254));
                case "dont_track_primary" -> dontTrackPrimary = true;
                case "authentication" -> {
                    auth = authentication(s);
                    authAt = s;
                }
                case "virtual_ipaddress" -> vips.addAll(addresses(s));
                case "virtual_ipaddress_excluded" -> evips.addAll(addresses(s));
                case "virtual_routes" -> {
                    routing.routes(s, name);
                    s.children().forEach(r -> routes.add(r.toString()));
                }
                case "virtual_rules" -> {
                    routing.rules(s, name);
                    s.children().forEach(r -> rules.add(r.toString()));
                }
                case "no_virtual_ipaddress" -> { }
                case "smtp_alert" -> smtpAlert = in.bool(s);
                case "notify_priority_changes" -> priorityChanges = in.flag(s);
                case "accept" -> accept = true;
                case "no_accept" -> accept = false;
                case "use_vmac" -> useVmac = s.argsText();
                case "down_timer_adverts" -> downTimerAdverts = orElse(in.intArg(s, 0, 1, 100), downTimerAdverts);
                case "lower_prio_no_advert" -> lowerNoAdvert = in.flag(s);
                case "higher_prio_send_advert" -> higherSend = in.flag(s);
                case "strict_mode" -> strict = in.flag(s);
                case "skip_check_adv_addr" -> skipCheck = in.flag(s);
                case "check_unicast_src" -> checkSrc = true;
                case "v3_checksum_as_v2" -> v3AsV2 = in.flag(s);
                default -> {
                    if (VrrpTrackerReader.NOTIFY.contains(s.name())) {
                        NotifyScript script = in.script(s);
                        if (script != null) {
                            notify.put(s.name(), script);
                        }
                    } else if (UNSUPPORTED.contains(s.name())) {
                        if (s.name().equals("track_process")) {
                            trackProcesses.addAll(trackers.tracks(s, 254));
                        }
                        if (s.name().equals("lvs_sync_daemon_interface")) {
                            d.corrected(s.position(), "lvs_sync_daemon_interface in a vrrp_instance is deprecated,"
                                    + " expected the global lvs_sync_daemon");
                        }
                        unsupported.add(in.unsupported(s));
                    } else {
                        in.unknown(s, "vrrp_instance");
                    }
                }
            }
        }
        if (vrid == 0) {
            d.error(block.position(), "vrrp_instance " + name + ": found no valid virtual_router_id, expected"
                    + " 'virtual_router_id 1..255'");
        }
        if (priority == null) {
            if (state == InitialState.MASTER) {
                d.warning(stateAt.position(), "vrrp_instance " + name + ": state MASTER with no priority,"
                        + " so the priority is 255 (keepalived vrrp.c L3302-3308)");
                priority = OWNER_PRIORITY;
            } else {
                priority = DEFAULT_PRIORITY;
            }
        }
        boolean stateConfigured = state != null;
        if (state == null) {
            state = priority == OWNER_PRIORITY ? InitialState.MASTER : InitialState.BACKUP;
        }
        boolean v6 = !vips.isEmpty() && vips.getFirst().address() instanceof Inet6Address;
        vips = sameFamily(name, vips, v6);
        int effectiveVersion = version != null ? version : global.vrrpVersion();
        if (v6 && effectiveVersion == 2) {
            if (version != null) {
                d.corrected(block.position(), "vrrp_instance " + name + ": IPv6 requires VRRP version 3, found"
                        + " version 2; using 3");
            }
            effectiveVersion = 3;
        }
        advert = roundAdvert(name, advert, advertAt, effectiveVersion);
        if (strict) {
            if (auth != null) {
                d.error(authAt.position(), "vrrp_instance " + name + ": strict mode does not support"
                        + " authentication, expected none; ignored");
                auth = null;
            }
            if (state == InitialState.MASTER && priority != OWNER_PRIORITY && stateConfigured) {
                d.error(stateAt.position(), "vrrp_instance " + name + ": strict mode: state MASTER with priority "
                        + priority + ", expected priority 255 (the address owner); using BACKUP");
                state = InitialState.BACKUP;
            }
            garpRepeat = 0;
            lowerRepeat = 0;
            lowerNoAdvert = true;
            higherSend = false;
        }
        if (auth != null && effectiveVersion == 3) {
            d.corrected(authAt.position(), "vrrp_instance " + name + ": authentication is ignored with VRRP version 3");
            auth = null;
        }
        if (auth != null && auth.type().equals("AH") && state == InitialState.MASTER && stateConfigured) {
            d.corrected(stateAt.position(), "vrrp_instance " + name + ": initial state MASTER is incompatible with AH"
                    + " authentication; using BACKUP");
            state = InitialState.BACKUP;
        }
        if (nopreempt && (priority == OWNER_PRIORITY || state == InitialState.MASTER && stateConfigured)) {
            d.corrected(block.position(), "vrrp_instance " + name + ": nopreempt has no effect with state MASTER or"
                    + " priority 255, expected state BACKUP and a priority below 255 with nopreempt; cleared");
            nopreempt = false;
        }
        if (vips.isEmpty()) {
            d.corrected(block.position(), "vrrp_instance " + name + ": no virtual_ipaddress, expected at least one");
        }
        if (unicastTtl != null && peers.isEmpty()) {
            d.corrected(ttlAt.position(), "vrrp_instance " + name + ": unicast_ttl without unicast_peer, expected"
                    + " unicast peers (keepalived: \"Cannot use unicast_ttl without unicast peers - resetting\")");
            unicastTtl = null;
        }
        if (ifName != null) {
            String own = ifName;
            trackIfs.removeIf(t -> {
                if (!t.name().equals(own)) {
                    return false;
                }
                d.corrected(t.position(), "vrrp_instance " + name + ": track_interface " + own + " is the instance's"
                        + " own interface, which it always tracks; expected another interface; ignored");
                return true;
            });
        }
        for (VirtualIpAddress vip : Stream.concat(vips.stream(), evips.stream()).toList()) {
            routing.device(vip.dev(), vip.position(), "virtual_ipaddress " + vip.address().getHostAddress()
                    + " of " + name);
        }
        return new VrrpInstance(name, state, stateConfigured, ifName, vrid, priority, advert, effectiveVersion,
                nopreempt, preemptDelay, garpDelay, garpRepeat, garpRefresh, garpRefreshRepeat, lowerDelay,
                lowerRepeat, mcastSrc, unicastSrc, mcastDst, List.copyOf(peers), unicastTtl, faultNoPeer,
                List.copyOf(trackIfs), List.copyOf(trackScripts), List.copyOf(trackFiles), List.copyOf(trackProcesses),
                dontTrackPrimary, auth, List.copyOf(vips), List.copyOf(evips), List.copyOf(routes),
                List.copyOf(rules), Map.copyOf(notify), smtpAlert, priorityChanges, accept, useVmac,
                downTimerAdverts, lowerNoAdvert, higherSend, strict, skipCheck, checkSrc, v3AsV2,
                List.copyOf(unsupported), block.position());
    }

    /** v2 adverts carry whole seconds; v3 carries centiseconds up to 40.95 s (vrrp.c L3715-3765). */
    private Duration roundAdvert(String name, Duration advert, Statement at, int version) {
        SourcePosition where = at == null ? null : at.position();
        if (version == 2) {
            long millis = advert.toMillis();
            if (millis % 1000 != 0) {
                Duration rounded = Duration.ofSeconds(Math.max(1, Math.round(millis / 1000.0)));
                in.diagnostics().corrected(where, "vrrp_instance " + name + ": VRRPv2 advert_int " + millis / 1000.0
                        + " s is not whole seconds, expected an integer; rounded to " + rounded.toSeconds() + " s");
                return rounded;
            }
            return advert;
        }
        long centis = Math.round(advert.toNanos() / 10_000_000.0);
        if (centis > 4095) {
            in.diagnostics().error(where, "vrrp_instance " + name + ": VRRPv3 advert_int " + advert.toMillis() / 1000.0
                    + " s, expected at most 40.95 s; using 40.95 s");
            centis = 4095;
        }
        return Duration.ofMillis(centis * 10);
    }

    private List<VirtualIpAddress> sameFamily(String name, List<VirtualIpAddress> vips, boolean v6) {
        List<VirtualIpAddress> kept = new ArrayList<>();
        for (VirtualIpAddress vip : vips) {
            if ((vip.address() instanceof Inet6Address) != v6) {
                in.diagnostics().error(vip.position(), "vrrp_instance " + name + ": address family of "
                        + JsonWriter.address(vip.address()) + " does not match the instance's (" + (v6 ? "IPv6" : "IPv4")
                        + "), expected all virtual_ipaddress in one family; ignored");
            } else {
                kept.add(vip);
            }
        }
        return kept;
    }

    private Authentication authentication(Statement block) {
        String type = null;
        String pass = "";
        for (Statement s : block.children()) {
            switch (s.name()) {
                case "auth_type" -> type = orElse(in.choice(s, 0, List.of("PASS", "AH"), false), type);
                case "auth_pass" -> {
                    String v = orElse(in.required(s, 0, "a password"), "");
                    byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
                    if (bytes.length > 8) {
                        in.diagnostics().corrected(s.argPosition(0), "auth_pass is " + bytes.length
                                + " bytes, expected at most 8 (RFC 2338 §5.3.6); truncated");
                        v = new String(Arrays.copyOf(bytes, 8), StandardCharsets.UTF_8);
                    }
                    pass = v;
                }
                default -> in.unknown(s, "authentication");
            }
        }
        return type == null ? null : new Authentication(type, pass);
    }

    private List<UnicastPeer> peers(Statement block) {
        List<UnicastPeer> out = new ArrayList<>();
        for (Statement s : block.children()) {
            InetAddress a = in.address("unicast_peer", s.name(), s.position());
            Integer min = null;
            Integer max = null;
            for (int i = 0; i + 1 < s.args().size(); i += 2) {
                Long v = in.integer(s.arg(i), s.arg(i + 1), s.argPosition(i + 1), 0, 255);
                if ("min_ttl".equals(s.arg(i))) {
                    min = v == null ? null : v.intValue();
                } else if ("max_ttl".equals(s.arg(i))) {
                    max = v == null ? null : v.intValue();
                } else {
                    in.diagnostics().error(s.argPosition(i), "unicast_peer: found '" + s.arg(i)
                            + "', expected min_ttl or max_ttl");
                }
            }
            if (a != null) {
                out.add(new UnicastPeer(a, min, max));
            }
        }
        return out;
    }

    private List<VirtualIpAddress> addresses(Statement block) {
        List<VirtualIpAddress> out = new ArrayList<>();
        for (Statement s : block.children()) {
            VirtualIpAddress vip = VirtualIpAddressParser.parse(s, in);
            if (vip != null) {
                out.add(vip);
            }
        }
        return out;
    }
}
