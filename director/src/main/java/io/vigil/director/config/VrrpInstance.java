package io.vigil.director.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A {@code vrrp_instance} block with keepalived's defaults applied and global {@code vrrp_garp_*} values inherited
 * (keepalived.conf(5) "VRRP instance(s)"; vrrp_data.c {@code alloc_vrrp}, vrrp.c {@code vrrp_complete_instance}).
 *
 * @param name                       the instance's name
 * @param state                      the initial state, MASTER or BACKUP (derived from priority 255 when not set)
 * @param stateConfigured            whether {@code state} was written
 * @param interfaceName              {@code interface}, or null (allowed in unicast mode)
 * @param virtualRouterId            VRID 1..255, or 0 when missing (an error)
 * @param priority                   1..255, default 100; 255 when {@code state MASTER} and no priority
 * @param advertInterval             {@code advert_int}, default 1 s
 * @param version                    VRRP version 2 or 3 (IPv6 forces 3)
 * @param nopreempt                  {@code nopreempt}
 * @param preemptDelay               {@code preempt_delay}, default 0
 * @param garpMasterDelay            {@code garp_master_delay}
 * @param garpMasterRepeat           {@code garp_master_repeat}
 * @param garpMasterRefresh          {@code garp_master_refresh} (zero = off)
 * @param garpMasterRefreshRepeat    {@code garp_master_refresh_repeat}
 * @param garpLowerPrioDelay         {@code garp_lower_prio_delay}
 * @param garpLowerPrioRepeat        {@code garp_lower_prio_repeat}
 * @param mcastSrcIp                 {@code mcast_src_ip}, or null for the interface's primary address
 * @param unicastSrcIp               {@code unicast_src_ip}, or null
 * @param mcastDstIp                 {@code mcast_dst_ip}, or null for the global group
 * @param unicastPeers               {@code unicast_peer} entries (non-empty means unicast mode)
 * @param unicastTtl                 {@code unicast_ttl}, or null
 * @param unicastFaultNoPeer         {@code unicast_fault_no_peer}
 * @param trackInterfaces            {@code track_interface} entries
 * @param trackScripts               {@code track_script} entries
 * @param trackFiles                 {@code track_file} entries
 * @param trackProcesses             {@code track_process} entries (accepted, not supported)
 * @param dontTrackPrimary           {@code dont_track_primary}
 * @param authentication             the v2 {@code authentication} block, or null
 * @param virtualIpAddresses         {@code virtual_ipaddress}
 * @param virtualIpAddressesExcluded {@code virtual_ipaddress_excluded}
 * @param virtualRoutes              {@code virtual_routes} entries as written (ip route syntax)
 * @param virtualRules               {@code virtual_rules} entries as written (ip rule syntax)
 * @param notifyScripts                   notify scripts by keyword
 * @param smtpAlert                  {@code smtp_alert}, or null when not set
 * @param notifyPriorityChanges      {@code notify_priority_changes}
 * @param accept                     accept mode: {@code accept} true, {@code no_accept} false, null default
 * @param useVmac                    {@code use_vmac} arguments joined, "" when bare, null when not set
 * @param downTimerAdverts           {@code down_timer_adverts} 1..100, default 3
 * @param lowerPrioNoAdvert          {@code lower_prio_no_advert}
 * @param higherPrioSendAdvert       {@code higher_prio_send_advert}
 * @param strictMode                 {@code strict_mode} or global {@code vrrp_strict}
 * @param skipCheckAdvAddr           {@code skip_check_adv_addr}
 * @param checkUnicastSrc            {@code check_unicast_src}
 * @param v3ChecksumAsV2             {@code v3_checksum_as_v2}
 * @param unsupported                accepted keywords Vigil does not implement
 * @param position                   where the block starts
 */
public record VrrpInstance(String name, InitialState state, boolean stateConfigured, String interfaceName,
        int virtualRouterId, int priority, Duration advertInterval, int version, boolean nopreempt,
        Duration preemptDelay, Duration garpMasterDelay, int garpMasterRepeat, Duration garpMasterRefresh,
        int garpMasterRefreshRepeat, Duration garpLowerPrioDelay, int garpLowerPrioRepeat, InetAddress mcastSrcIp,
        InetAddress unicastSrcIp, InetAddress mcastDstIp, List<UnicastPeer> unicastPeers, Integer unicastTtl,
        boolean unicastFaultNoPeer, List<Track> trackInterfaces, List<Track> trackScripts, List<Track> trackFiles,
        List<Track> trackProcesses, boolean dontTrackPrimary, Authentication authentication,
        List<VirtualIpAddress> virtualIpAddresses, List<VirtualIpAddress> virtualIpAddressesExcluded,
        List<String> virtualRoutes, List<String> virtualRules, Map<String, NotifyScript> notifyScripts,
        Boolean smtpAlert, boolean notifyPriorityChanges, Boolean accept, String useVmac, int downTimerAdverts,
        boolean lowerPrioNoAdvert, boolean higherPrioSendAdvert, boolean strictMode, boolean skipCheckAdvAddr,
        boolean checkUnicastSrc, boolean v3ChecksumAsV2, List<Setting> unsupported, SourcePosition position) {

    /** A copy with other track_script and track_file entries. */
    public VrrpInstance withTracks(List<Track> scripts, List<Track> files) {
        return withTracks(trackInterfaces, scripts, files);
    }

    /** A copy with other track_interface, track_script and track_file entries. */
    public VrrpInstance withTracks(List<Track> interfaces, List<Track> scripts, List<Track> files) {
        return new VrrpInstance(name, state, stateConfigured, interfaceName, virtualRouterId, priority, advertInterval,
                version, nopreempt, preemptDelay, garpMasterDelay, garpMasterRepeat, garpMasterRefresh,
                garpMasterRefreshRepeat, garpLowerPrioDelay, garpLowerPrioRepeat, mcastSrcIp, unicastSrcIp, mcastDstIp,
                unicastPeers, unicastTtl, unicastFaultNoPeer, interfaces, scripts, files, trackProcesses,
                dontTrackPrimary, authentication, virtualIpAddresses, virtualIpAddressesExcluded, virtualRoutes,
                virtualRules, notifyScripts, smtpAlert, notifyPriorityChanges, accept, useVmac, downTimerAdverts,
                lowerPrioNoAdvert, higherPrioSendAdvert, strictMode, skipCheckAdvAddr, checkUnicastSrc, v3ChecksumAsV2,
                unsupported, position);
    }

    /** Whether the instance's addresses are IPv6 (from its first VIP; IPv4 when it has none). */
    public boolean ipv6() {
        return !virtualIpAddresses.isEmpty() && virtualIpAddresses.getFirst().address() instanceof java.net.Inet6Address;
    }
}
