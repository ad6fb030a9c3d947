package io.vigil.vrrp.fsm;

import io.vigil.vrrp.wire.IpFamily;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The configuration of one {@code vrrp_instance} as the state machine needs it (keepalived.md §1.7). The director
 * maps the parsed keepalived.conf model onto it; the compact constructor applies keepalived's own corrections
 * (vrrp.c {@code vrrp_complete_instance}): {@code nopreempt} is cleared for priority 255 and for
 * {@code state MASTER}, and {@code preempt_delay} is cleared for {@code state MASTER} and with {@code nopreempt}.
 *
 * @param name                   instance name, used in every action
 * @param virtualRouterId        VRID 1..255
 * @param version                2 or 3
 * @param family                 address family
 * @param basePriority           configured priority 1..255; 255 = address owner (RFC 5798 §5.2.4)
 * @param initialState           {@link VrrpState#MASTER} or {@link VrrpState#BACKUP} ({@code state})
 * @param advertIntervalCentis   {@code advert_int} in centiseconds
 * @param nopreempt              {@code nopreempt}
 * @param preemptDelayMillis     {@code preempt_delay}; 0 = none
 * @param primaryAddress         the address adverts are sent from, for the equal-priority tie-break (RFC 5798 §6.4.3)
 * @param virtualAddresses       VIPs to add on MASTER and announce with GARP/NA
 * @param trackers               track_interface / track_script / track_file entries; names must be unique
 * @param garp                   GARP/NA scheduling
 * @param downTimerAdverts       {@code down_timer_adverts}, 1..100, default 3 (RFC 5798 §6.1: 3)
 * @param lowerPrioNoAdvert      {@code lower_prio_no_advert}: a master does not answer a lower-priority advert
 * @param higherPrioSendAdvert   {@code higher_prio_send_advert}: a master sends one advert before yielding
 * @param accept                 {@code accept}; carried for the I/O layer, not used by the state machine
 */
public record InstanceSpec(String name, int virtualRouterId, int version, IpFamily family, int basePriority,
                           VrrpState initialState, int advertIntervalCentis, boolean nopreempt,
                           long preemptDelayMillis, InetAddress primaryAddress, List<InetAddress> virtualAddresses,
                           List<TrackerSpec> trackers, GarpSpec garp, int downTimerAdverts,
                           boolean lowerPrioNoAdvert, boolean higherPrioSendAdvert, boolean accept) {

    /** keepalived's default priority (vrrp.h VRRP_PRIO_DFL). */
    public static final int DEFAULT_PRIORITY = 100;
    /** RFC 5798 §6.1: Master_Down_Interval counts 3 advert intervals; keepalived {@code down_timer_adverts}. */
    public static final int DEFAULT_DOWN_TIMER_ADVERTS = 3;

    /** Checks ranges and applies keepalived's corrections. */
    public InstanceSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(primaryAddress, "primaryAddress");
        Objects.requireNonNull(garp, "garp");
        virtualAddresses = List.copyOf(virtualAddresses);
        trackers = List.copyOf(trackers);
        if (virtualRouterId < 1 || virtualRouterId > 255) {
            throw new IllegalArgumentException(name + ": virtual_router_id " + virtualRouterId + ", expected 1..255");
        }
        if (version != 2 && version != 3) {
            throw new IllegalArgumentException(name + ": version " + version + ", expected 2 or 3");
        }
        if (basePriority < 1 || basePriority > 255) {
            throw new IllegalArgumentException(name + ": priority " + basePriority + ", expected 1..255");
        }
        if (initialState != VrrpState.MASTER && initialState != VrrpState.BACKUP) {
            throw new IllegalArgumentException(name + ": state " + initialState + ", expected MASTER or BACKUP");
        }
        if (advertIntervalCentis < 1 || advertIntervalCentis > 4095
                || (version == 2 && advertIntervalCentis % 100 != 0)) {
            throw new IllegalArgumentException(name + ": advert_int " + advertIntervalCentis
                    + " centiseconds, expected 1..4095 (whole seconds for v2)");
        }
        if (downTimerAdverts < 1 || downTimerAdverts > 100) {
            throw new IllegalArgumentException(name + ": down_timer_adverts " + downTimerAdverts + ", expected 1..100");
        }
        if (preemptDelayMillis < 0) {
            throw new IllegalArgumentException(name + ": preempt_delay must not be negative");
        }
        Set<String> names = new HashSet<>();
        for (TrackerSpec t : trackers) {
            if (!names.add(t.name())) {
                throw new IllegalArgumentException(name + ": tracker " + t.name() + " listed twice");
            }
        }
        if (basePriority == 255 || initialState == VrrpState.MASTER) {
            nopreempt = false;
        }
        if (initialState == VrrpState.MASTER || nopreempt) {
            preemptDelayMillis = 0;
        }
    }

    /**
     * A spec with keepalived's defaults for everything not given: no preemption changes, no trackers, default GARP,
     * 3 down-timer adverts; initial state MASTER for priority 255, else BACKUP (vrrp.c L3302-3316).
     */
    public static InstanceSpec of(String name, int virtualRouterId, int version, int basePriority,
                                  int advertIntervalCentis, InetAddress primaryAddress,
                                  List<InetAddress> virtualAddresses) {
        return new InstanceSpec(name, virtualRouterId, version, IpFamily.of(primaryAddress), basePriority,
                basePriority == 255 ? VrrpState.MASTER : VrrpState.BACKUP, advertIntervalCentis, false, 0,
                primaryAddress, virtualAddresses, List.of(), GarpSpec.KEEPALIVED_DEFAULTS,
                DEFAULT_DOWN_TIMER_ADVERTS, false, false, true);
    }

    /** A copy with other trackers. */
    public InstanceSpec withTrackers(List<TrackerSpec> newTrackers) {
        return new InstanceSpec(name, virtualRouterId, version, family, basePriority, initialState,
                advertIntervalCentis, nopreempt, preemptDelayMillis, primaryAddress, virtualAddresses, newTrackers,
                garp, downTimerAdverts, lowerPrioNoAdvert, higherPrioSendAdvert, accept);
    }

    /** A copy with other preemption settings (keepalived's corrections apply again). */
    public InstanceSpec withPreemption(VrrpState newInitialState, boolean newNopreempt, long newPreemptDelayMillis) {
        return new InstanceSpec(name, virtualRouterId, version, family, basePriority, newInitialState,
                advertIntervalCentis, newNopreempt, newPreemptDelayMillis, primaryAddress, virtualAddresses, trackers,
                garp, downTimerAdverts, lowerPrioNoAdvert, higherPrioSendAdvert, accept);
    }

    /** A copy with other GARP settings. */
    public InstanceSpec withGarp(GarpSpec newGarp) {
        return new InstanceSpec(name, virtualRouterId, version, family, basePriority, initialState,
                advertIntervalCentis, nopreempt, preemptDelayMillis, primaryAddress, virtualAddresses, trackers,
                newGarp, downTimerAdverts, lowerPrioNoAdvert, higherPrioSendAdvert, accept);
    }
}
