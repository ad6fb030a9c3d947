package io.vigil.director.engine;

import io.vigil.dataplane.api.ForwardingMethod;
import io.vigil.dataplane.api.Protocol;
import io.vigil.dataplane.api.RealServer;
import io.vigil.dataplane.api.Scheduler;
import io.vigil.dataplane.api.SchedulerFlag;
import io.vigil.dataplane.api.Service;
import io.vigil.dataplane.api.ServiceKey;
import io.vigil.dataplane.api.SyncDaemonConfig;
import io.vigil.dataplane.api.Timeouts;
import io.vigil.director.config.KeepalivedConfig;
import io.vigil.director.config.LvsSyncDaemon;
import io.vigil.director.config.LvsTimeouts;
import io.vigil.director.config.VrrpInstance;
import io.vigil.director.config.VirtualServer;
import io.vigil.director.health.MappedService;
import io.vigil.director.health.ServiceAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Maps virtual_server blocks to IPVS services as keepalived's ipvswrapper.c does: {@code lvs_sched},
 * {@code lvs_method}, {@code persistence_timeout}, {@code persistence_granularity}, the scheduler flags and each
 * real server's method and thresholds. Pure; warnings name the block and what was skipped.
 */
public final class ServiceMapper {

    private ServiceMapper() {
    }

    /** One program per virtual server that the dataplane can forward; the others produce a warning. */
    public static List<ServiceProgram> map(KeepalivedConfig config, List<MappedService> services, Consumer<String> warnings) {
        List<ServiceProgram> out = new ArrayList<>();
        for (MappedService m : services) {
            VirtualServer vs = m.model();
            String where = vs.position() + ": virtual_server " + m.spec().name();
            if (vs.address() != null && vs.address().isLoopbackAddress()) {
                warnings.accept(where + ": a loopback virtual address is not forwarded (health checks only)");
                continue;
            }
            if (vs.fwmark() != null) {
                warnings.accept(where + ": fwmark services are not forwarded (the firewall mark is set after the"
                        + " dataplane sees the packet); expected IP PORT or group");
                continue;
            }
            try {
                out.add(program(config, m, vs, where, warnings));
            } catch (IllegalArgumentException e) {
                warnings.accept(where + ": not forwarded: " + e.getMessage());
            }
        }
        return out;
    }

    /** Each vrrp_instance's virtual addresses ({@code virtual_ipaddress} and {@code virtual_ipaddress_excluded}). */
    public static Map<String, Set<InetAddress>> instanceVips(KeepalivedConfig config) {
        Map<String, Set<InetAddress>> out = new LinkedHashMap<>();
        for (var instance : config.vrrpInstances()) {
            Set<InetAddress> vips = new java.util.LinkedHashSet<>();
            instance.virtualIpAddresses().forEach(v -> vips.add(v.address()));
            instance.virtualIpAddressesExcluded().forEach(v -> vips.add(v.address()));
            out.put(instance.name(), vips);
        }
        return out;
    }

    /** {@code lvs_timeouts}, with IPVS's default for each one not set. */
    public static Timeouts timeouts(LvsTimeouts set) {
        Timeouts d = Timeouts.IPVS_DEFAULTS;
        return new Timeouts(set.tcpSeconds() > 0 ? set.tcpSeconds() : d.tcpSeconds(),
                set.tcpFinSeconds() > 0 ? set.tcpFinSeconds() : d.tcpFinSeconds(),
                set.udpSeconds() > 0 ? set.udpSeconds() : d.udpSeconds());
    }

    /** The default {@code sync_maxlen}: a 1500-octet MTU less the IPv4 and UDP headers, as IPVS's master uses. */
    static final int SYNC_DEFAULT_MAX_LENGTH = 1500 - 20 - 8;
    /** IPVS's receive buffer is at least this (a backup's minimum sync_maxlen). */
    static final int SYNC_MIN_MAX_LENGTH = 1024;

    /**
     * The sync daemon's settings from {@code lvs_sync_daemon}: the SyncID defaults to the instance's
     * virtual_router_id (keepalived), maxlen to 1472 and at least 1024 (IPVS clamps a backup's to that); empty
     * without the keyword or when its instance does not exist (check-config reports that).
     */
    public static Optional<SyncDaemonConfig> syncDaemon(KeepalivedConfig config) {
        LvsSyncDaemon s = config.globalDefs().lvsSyncDaemon();
        if (s == null) {
            return Optional.empty();
        }
        Optional<VrrpInstance> instance = config.vrrpInstances().stream()
                .filter(v -> v.name().equals(s.vrrpInstance())).findFirst();
        if (instance.isEmpty()) {
            return Optional.empty();
        }
        int syncId = s.syncId() != null ? s.syncId() : instance.get().virtualRouterId() & 0xFF;
        int maxLength = Math.max(SYNC_MIN_MAX_LENGTH, s.maxLength() != null ? s.maxLength() : SYNC_DEFAULT_MAX_LENGTH);
        return Optional.of(new SyncDaemonConfig(s.interfaceName(), syncId, maxLength, s.group(), s.port(), s.ttl()));
    }

    private static ServiceProgram program(KeepalivedConfig config, MappedService m, VirtualServer vs, String where,
                                          Consumer<String> warnings) {
        Protocol protocol = vs.protocol();
        if (protocol == Protocol.SCTP) {
            throw new IllegalArgumentException("protocol SCTP is not forwarded; expected TCP or UDP");
        }
        Scheduler scheduler = vs.lvsSched();
        Set<SchedulerFlag> flags = flags(vs.schedulerFlags(), where, warnings);
        if (flags.contains(SchedulerFlag.ONE_PACKET) && protocol != Protocol.UDP) {
            warnings.accept(where + ": ops applies to UDP only (IPVS rejects it for " + protocol + "); ignored");
            flags.remove(SchedulerFlag.ONE_PACKET);
        }
        ForwardingMethod method = vs.lvsMethod();
        List<Service> services = new ArrayList<>();
        for (ServiceAddress a : ServiceAddress.of(vs, config.virtualServerGroups())) {
            if (a.fwmark() != null) {
                warnings.accept(where + ": group entry fwmark " + a.fwmark() + " is not forwarded");
                continue;
            }
            ServiceKey key = ServiceKey.of(protocol, a.address(), a.port());
            int persistence = vs.persistenceTimeout() == null ? 0 : vs.persistenceTimeout();
            if (key.port() == 0 && persistence == 0) {
                throw new IllegalArgumentException("port 0 (all ports) needs persistence_timeout, as IPVS requires");
            }
            services.add(new Service(key, scheduler, flags, persistence,
                    prefix(vs.persistenceGranularity(), key.ipv6())));
        }
        Map<InetSocketAddress, RealServer> reals = new LinkedHashMap<>();
        for (var rs : vs.realServers()) {
            ForwardingMethod rsMethod = rs.lvsMethod() == null ? method : rs.lvsMethod();
            if (rsMethod == ForwardingMethod.TUN && vs.address() instanceof java.net.Inet6Address) {
                throw new IllegalArgumentException("TUN over IPv6 is not supported (real_server "
                        + rs.address().getHostAddress() + "); expected NAT or DR");
            }
            int port = rs.port() != null ? rs.port() : vs.port() != null ? vs.port() : 0;
            InetSocketAddress address = new InetSocketAddress(rs.address(), port);
            if (rsMethod != ForwardingMethod.NAT && vs.port() != null && port != vs.port() && vs.port() != 0) {
                warnings.accept(where + ": real_server " + ServiceAddress.format(address) + " is " + rsMethod
                        + ", which keeps the virtual port " + vs.port() + " (as IPVS does); its port " + port
                        + " is used only by the health checks");
            }
            reals.put(address, new RealServer(address, Math.max(rs.weight(), 0), rsMethod,
                    rs.uthreshold() == null ? 0 : rs.uthreshold(), rs.lthreshold() == null ? 0 : rs.lthreshold()));
        }
        return new ServiceProgram(m.spec().name(), vs.address(), services, method, reals);
    }

    private static Set<SchedulerFlag> flags(List<String> words, String where, Consumer<String> warnings) {
        Set<SchedulerFlag> out = EnumSet.noneOf(SchedulerFlag.class);
        for (String w : words) {
            switch (w) {
                case "flag-1", "sh-fallback", "mh-fallback" -> out.add(SchedulerFlag.FLAG_1);
                case "flag-2", "sh-port", "mh-port" -> out.add(SchedulerFlag.FLAG_2);
                case "flag-3" -> out.add(SchedulerFlag.FLAG_3);
                case "ops" -> out.add(SchedulerFlag.ONE_PACKET);
                default -> warnings.accept(where + ": scheduler flag '" + w + "' has no effect here");
            }
        }
        return out;
    }

    /**
     * {@code persistence_granularity} as a prefix length: a dotted netmask for IPv4 (255.255.255.0 is 24) or a
     * prefix length; the full length when unset.
     */
    static int prefix(String granularity, boolean ipv6) {
        int full = ipv6 ? 128 : 32;
        if (granularity == null || granularity.isBlank()) {
            return full;
        }
        String g = granularity.startsWith("/") ? granularity.substring(1) : granularity;
        if (g.chars().allMatch(Character::isDigit)) {
            int p = Integer.parseInt(g);
            if (p < 1 || p > full) {
                throw new IllegalArgumentException("persistence_granularity " + granularity + " out of range 1-" + full);
            }
            return p;
        }
        String[] octets = g.split("\\.");
        if (ipv6 || octets.length != 4) {
            throw new IllegalArgumentException("persistence_granularity " + granularity + ": expected "
                    + (ipv6 ? "a prefix length for IPv6" : "a netmask such as 255.255.255.0 or a prefix length"));
        }
        int bits = 0;
        for (String o : octets) {
            int v = o.chars().allMatch(Character::isDigit) && !o.isEmpty() && o.length() <= 3 ? Integer.parseInt(o) : -1;
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException("persistence_granularity " + granularity
                        + ": expected a netmask such as 255.255.255.0");
            }
            bits = (bits << 8) | v;
        }
        int p = Integer.bitCount(bits);
        if (p == 0 || bits != -1 << (32 - p)) {
            throw new IllegalArgumentException("persistence_granularity " + granularity + " is not a contiguous netmask");
        }
        return p;
    }
}
