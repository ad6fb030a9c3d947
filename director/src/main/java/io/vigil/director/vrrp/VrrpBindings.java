package io.vigil.director.vrrp;

import io.vigil.director.config.Authentication;
import io.vigil.director.config.InitialState;
import io.vigil.director.config.KeepalivedConfig;
import io.vigil.director.config.Track;
import io.vigil.director.config.TrackFile;
import io.vigil.director.config.VirtualIpAddress;
import io.vigil.director.config.VrrpInstance;
import io.vigil.director.config.VrrpScript;
import io.vigil.director.config.VrrpSyncGroup;
import io.vigil.vrrp.fsm.GarpSpec;
import io.vigil.vrrp.fsm.InstanceSpec;
import io.vigil.vrrp.fsm.TrackerKind;
import io.vigil.vrrp.fsm.TrackerSpec;
import io.vigil.vrrp.fsm.VrrpState;
import io.vigil.vrrp.io.InstanceBinding;
import io.vigil.vrrp.io.Vip;
import io.vigil.vrrp.wire.AdvertProfile;
import io.vigil.vrrp.wire.AuthType;
import io.vigil.vrrp.wire.ChecksumMode;
import io.vigil.vrrp.wire.IpFamily;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps the parsed keepalived.conf onto what the VRRP loop runs: one {@link InstanceBinding} per
 * {@code vrrp_instance}, and the sync groups. keepalived's tracker rules apply (keepalived.md §1.4–§1.7, §2.15):
 * the instance's own interface is tracked unweighted unless {@code dont_track_primary}; a {@code track_script}
 * without a weight takes the script's weight; weight 0 means a failure puts the instance in FAULT; a sync group's
 * trackers apply to every member, and members' weights are ignored unless {@code sync_group_tracking_weight}.
 */
public final class VrrpBindings {

    private final KeepalivedConfig config;
    private final InterfaceAddresses addresses;

    public VrrpBindings(KeepalivedConfig config, InterfaceAddresses addresses) {
        this.config = config;
        this.addresses = addresses;
    }

    /** Group name to member instance names, in file order. */
    public Map<String, List<String>> syncGroups() {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (VrrpSyncGroup g : config.vrrpSyncGroups()) {
            groups.put(g.name(), List.copyOf(g.group()));
        }
        return groups;
    }

    /**
     * One binding per instance.
     *
     * An instance whose interface has no address yet still gets a binding: its source is the unspecified address
     * until the VRRP loop sees a usable one, and it waits in FAULT meanwhile (keepalived.md §2.5, §2.11).
     *
     * @throws IllegalArgumentException when an instance cannot run here, e.g. a track_script names no vrrp_script;
     *                                  the message names the instance and what is wrong
     */
    public List<InstanceBinding> instances() {
        List<InstanceBinding> out = new ArrayList<>();
        for (VrrpInstance i : config.vrrpInstances()) {
            out.add(bind(i));
        }
        return out;
    }

    private static long micros(java.time.Duration d) {
        return d.toNanos() / 1_000;
    }

    private InstanceBinding bind(VrrpInstance i) {
        boolean ipv6 = i.ipv6();
        IpFamily family = ipv6 ? IpFamily.IPV6 : IpFamily.IPV4;
        InetAddress configuredSource = i.unicastSrcIp() != null ? i.unicastSrcIp() : i.mcastSrcIp();
        InetAddress source = configuredSource != null ? configuredSource
                : addresses.primary(i.interfaceName(), ipv6).orElseGet(() -> unspecified(ipv6));
        List<InetAddress> advertised = i.virtualIpAddresses().stream().map(VirtualIpAddress::address).toList();
        List<Vip> vips = new ArrayList<>();
        for (VirtualIpAddress v : i.virtualIpAddresses()) {
            vips.add(vip(v, i.interfaceName()));
        }
        for (VirtualIpAddress v : i.virtualIpAddressesExcluded()) {
            vips.add(vip(v, i.interfaceName()));
        }
        int centis = (int) (i.advertInterval().toMillis() / 10);
        GarpSpec garp = new GarpSpec(i.garpMasterDelay().toMillis(), i.garpMasterRepeat(),
                i.garpMasterRefresh().toMillis(), i.garpMasterRefreshRepeat(), i.garpLowerPrioDelay().toMillis(),
                i.garpLowerPrioRepeat(), micros(config.globalDefs().vrrpGarpInterval()),
                micros(config.globalDefs().vrrpGnaInterval()));
        VrrpSyncGroup group = groupOf(i.name());
        InstanceSpec spec = new InstanceSpec(i.name(), i.virtualRouterId(), i.version(), family, i.priority(),
                i.state() == InitialState.MASTER ? VrrpState.MASTER : VrrpState.BACKUP, centis, i.nopreempt(),
                i.preemptDelay().toMillis(), source, vips.stream().map(Vip::address).toList(), trackers(i, group),
                garp, i.downTimerAdverts(), i.lowerPrioNoAdvert(), i.higherPrioSendAdvert(),
                i.accept() == null || i.accept());
        Authentication auth = i.authentication();
        AuthType authType = auth == null || i.version() == 3 ? AuthType.NONE
                : "PASS".equals(auth.type()) ? AuthType.PASS : "AH".equals(auth.type()) ? AuthType.AH : AuthType.NONE;
        AdvertProfile profile = new AdvertProfile(i.virtualRouterId(), i.version(), family, centis, authType,
                authType == AuthType.PASS ? auth.password() : "", advertised,
                i.v3ChecksumAsV2() ? ChecksumMode.V3_AS_V2 : ChecksumMode.PSEUDO_HEADER,
                i.unicastPeers().stream().map(p -> p.address()).toList(), i.checkUnicastSrc());
        return new InstanceBinding(spec, i.interfaceName(), profile, vips, group == null ? null : group.name(),
                configuredSource == null);
    }

    /** 0.0.0.0 or ::, the placeholder source of an instance whose interface has no address yet. */
    private static InetAddress unspecified(boolean ipv6) {
        try {
            return InetAddress.getByAddress(new byte[ipv6 ? 16 : 4]);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private VrrpSyncGroup groupOf(String instance) {
        return config.vrrpSyncGroups().stream().filter(g -> g.group().contains(instance)).findFirst().orElse(null);
    }

    private List<TrackerSpec> trackers(VrrpInstance i, VrrpSyncGroup group) {
        boolean weights = group == null || group.syncGroupTrackingWeight();
        Map<String, TrackerSpec> out = new LinkedHashMap<>();
        if (!i.dontTrackPrimary()) {
            out.put(key(TrackerKind.INTERFACE, i.interfaceName()), TrackerSpec.unweighted(i.interfaceName(), TrackerKind.INTERFACE));
        }
        List<Track> interfaces = new ArrayList<>(i.trackInterfaces());
        List<Track> scripts = new ArrayList<>(i.trackScripts());
        List<Track> files = new ArrayList<>(i.trackFiles());
        if (group != null) {
            interfaces.addAll(group.trackInterfaces());
            scripts.addAll(group.trackScripts());
            files.addAll(group.trackFiles());
        }
        for (Track t : interfaces) {
            int weight = weights && t.weight() != null ? t.weight() : 0;
            out.put(key(TrackerKind.INTERFACE, t.name()), new TrackerSpec(t.name(), TrackerKind.INTERFACE, weight, t.reverse()));
        }
        for (Track t : scripts) {
            VrrpScript script = config.vrrpScripts().stream().filter(s -> s.name().equals(t.name())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("vrrp_instance " + i.name()
                            + ": track_script " + t.name() + " names no vrrp_script"));
            int weight = !weights ? 0 : t.weight() != null ? t.weight() : script.weight();
            boolean reverse = t.weight() != null ? t.reverse() : script.reverse();
            out.put(key(TrackerKind.SCRIPT, t.name()), new TrackerSpec(t.name(), TrackerKind.SCRIPT, weight, reverse));
        }
        for (Track t : files) {
            TrackFile file = config.trackFiles().stream().filter(f -> f.name().equals(t.name())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("vrrp_instance " + i.name()
                            + ": track_file " + t.name() + " names no track_file"));
            int weight = !weights ? 0 : t.weight() != null ? t.weight() : file.weight();
            boolean reverse = t.weight() != null ? t.reverse() : file.reverse();
            out.put(key(TrackerKind.FILE, t.name()), new TrackerSpec(t.name(), TrackerKind.FILE, weight, reverse));
        }
        return List.copyOf(out.values());
    }

    private static String key(TrackerKind kind, String name) {
        return kind + "/" + name;
    }

    private static Vip vip(VirtualIpAddress v, String defaultDevice) {
        return new Vip(v.address(), v.prefixLength(), v.dev() != null ? v.dev() : defaultDevice, v.broadcast(),
                scope(v.scope()), v.label(), v.deprecated());
    }

    /** rtnetlink scope numbers, /etc/iproute2/rt_scopes. */
    private static int scope(String name) {
        if (name == null) {
            return 0;
        }
        return switch (name) {
            case "global", "universe" -> 0;
            case "site" -> 200;
            case "link" -> 253;
            case "host" -> 254;
            case "nowhere" -> 255;
            default -> Integer.parseInt(name);
        };
    }
}
