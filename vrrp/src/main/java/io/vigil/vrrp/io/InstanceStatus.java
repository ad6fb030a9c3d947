package io.vigil.vrrp.io;

import io.vigil.vrrp.fsm.InstanceSpec;
import io.vigil.vrrp.fsm.VrrpState;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@code vigil status} shows of one instance, taken on the VRRP loop.
 *
 * @param name              instance name
 * @param state             current state
 * @param virtualRouterId   VRID
 * @param interfaceName     interface
 * @param syncGroup         sync group, or null
 * @param basePriority      configured priority
 * @param effectivePriority priority after tracker weights
 * @param masterAddress     the current master's address (ours when MASTER), or null when unknown
 * @param masterPriority    the current master's priority, or -1 when unknown
 * @param masterAdvertIntervalCentis the master's advert interval (a v3 backup adopts it; ours when MASTER)
 * @param vips              the virtual addresses
 * @param lastTransition    when the state last changed, or null if it never has
 * @param counters          the instance's counters
 * @param spec              the running spec (keepalived's corrections applied), for keepalived's JSON layout
 */
public record InstanceStatus(String name, VrrpState state, int virtualRouterId, String interfaceName, String syncGroup,
                             int basePriority, int effectivePriority, InetAddress masterAddress, int masterPriority,
                             int masterAdvertIntervalCentis,
                             List<Vip> vips, Instant lastTransition, Map<VrrpCounter, Long> counters,
                             InstanceSpec spec) {
}
