package io.vigil.vrrp.io;

import io.vigil.dataplane.linux.netlink.IfAddress;
import io.vigil.vrrp.wire.IpFamily;
import io.netty.util.NetUtil;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

/**
 * Which of an interface's current addresses an instance sends its adverts from (keepalived.md §1.7
 * {@code mcast_src_ip}/{@code unicast_src_ip}): the configured address when one is set, otherwise the interface's
 * primary IPv4 address (the first without {@code IFA_F_SECONDARY}) or its first link-local IPv6 address (RFC 5798
 * §5.1.2.1: IPv6 adverts come from the link-local address). An address still under duplicate address detection, or
 * whose detection failed, carries {@code IFA_F_TENTATIVE} (linux/if_addr.h, RFC 4862 §5.4) and cannot be bound
 * yet, so it does not count. Pure.
 *
 * @param family     the instance's family
 * @param configured the configured source, or null when the source follows the interface
 */
record AdvertSourceRule(IpFamily family, InetAddress configured) {

    /**
     * The outcome of a choice: an address to bind, or why there is none.
     *
     * @param address the usable source, or null
     * @param missing what is missing when {@code address} is null, in keepalived's words where it has them
     */
    record Choice(InetAddress address, String missing) {
    }

    /** Chooses among {@code addresses}, the interface's addresses in the kernel's order. */
    Choice choose(List<IfAddress> addresses) {
        InetAddress tentative = null;
        for (IfAddress a : addresses) {
            if (!candidate(a)) {
                continue;
            }
            if (a.isTentative()) {
                tentative = tentative == null ? a.address() : tentative;
                continue;
            }
            return new Choice(a.address(), null);
        }
        String wanted = configured != null ? NetUtil.toAddressString(configured)
                : family == IpFamily.IPV4 ? "IPv4 address" : "IPv6 link local address";
        String missing = tentative != null
                ? "no usable " + wanted + " (" + NetUtil.toAddressString(tentative) + " is tentative: duplicate address detection)"
                : configured != null ? wanted + " is not on the interface" : "no " + wanted;
        return new Choice(null, missing);
    }

    private boolean candidate(IfAddress a) {
        if (configured != null) {
            return a.address().equals(configured);
        }
        if (family == IpFamily.IPV4) {
            return a.address() instanceof Inet4Address && !a.isSecondary();
        }
        return a.address() instanceof Inet6Address && a.address().isLinkLocalAddress();
    }
}
