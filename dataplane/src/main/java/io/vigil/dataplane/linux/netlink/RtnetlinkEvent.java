package io.vigil.dataplane.linux.netlink;

/**
 * A change the kernel announced on the rtnetlink multicast groups RTMGRP_LINK, RTMGRP_IPV4_IFADDR and
 * RTMGRP_IPV6_IFADDR, or the news that some announcements were lost.
 */
public sealed interface RtnetlinkEvent permits LinkChanged, LinkRemoved, AddressAdded, AddressRemoved, ResyncNeeded {
}
