package io.vigil.dataplane.linux.netlink;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * An IPv4 or IPv6 address on an interface, as RTM_NEWADDR carries it, and as {@code Rtnetlink.addAddress} takes it.
 *
 * @param index        ifa_index, the interface
 * @param address      IFA_LOCAL (IFA_ADDRESS for IPv6)
 * @param prefixLength ifa_prefixlen
 * @param scope        ifa_scope (RT_SCOPE_*: 0 universe, 253 link, 254 host)
 * @param flags        IFA_FLAGS, or ifa_flags when absent (IFA_F_* from linux/if_addr.h)
 * @param label        IFA_LABEL (IPv4 only; at most 15 bytes, by convention starting with the interface name)
 * @param broadcast    IFA_BROADCAST (IPv4 only)
 */
public record IfAddress(int index, InetAddress address, int prefixLength, int scope, int flags,
                        Optional<String> label, Optional<InetAddress> broadcast) {

    /** Flag of an IPv4 address that is not the first of its subnet on the interface (IFA_F_SECONDARY). */
    public static final int SECONDARY = NetlinkConstants.IFA_F_SECONDARY;
    /** Flag asking the kernel to skip IPv6 duplicate address detection (IFA_F_NODAD; keepalived sets it on VIPs). */
    public static final int NODAD = NetlinkConstants.IFA_F_NODAD;
    /**
     * Flag of an address whose preferred lifetime is over (IFA_F_DEPRECATED): the kernel never picks it as a source
     * address. The kernel ignores the flag in a request, so {@code Rtnetlink.addAddress} sends it as a preferred
     * lifetime of 0 and a valid lifetime of forever (IFA_CACHEINFO), as {@code ip addr add ... preferred_lft 0}.
     */
    public static final int DEPRECATED = NetlinkConstants.IFA_F_DEPRECATED;
    /** Flag of an IPv6 address still under duplicate address detection (IFA_F_TENTATIVE). */
    public static final int TENTATIVE = NetlinkConstants.IFA_F_TENTATIVE;
    /** Flag of an address configured by hand rather than by autoconfiguration (IFA_F_PERMANENT). */
    public static final int PERMANENT = NetlinkConstants.IFA_F_PERMANENT;

    /** IFNAMSIZ - 1, linux/if.h: the longest label the kernel keeps. */
    public static final int MAX_LABEL_BYTES = 15;

    public IfAddress {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(broadcast, "broadcast");
        int bits = address instanceof Inet4Address ? 32 : 128;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " for " + address.getHostAddress()
                    + ": expected 0.." + bits);
        }
        if (scope < 0 || scope > 255) {
            throw new IllegalArgumentException("scope " + scope + ": expected 0..255");
        }
        if (address instanceof Inet6Address && (label.isPresent() || broadcast.isPresent())) {
            throw new IllegalArgumentException("label and broadcast apply to IPv4 only, not " + address.getHostAddress());
        }
        if (label.isPresent() && (label.get().isEmpty() || label.get().length() > MAX_LABEL_BYTES)) {
            throw new IllegalArgumentException("label '" + label.get() + "': expected 1.." + MAX_LABEL_BYTES + " characters");
        }
        if (broadcast.isPresent() && !(broadcast.get() instanceof Inet4Address)) {
            throw new IllegalArgumentException("broadcast " + broadcast.get().getHostAddress() + " is not IPv4");
        }
    }

    /** An address with universe scope, no flags, no label and no broadcast. */
    public static IfAddress of(int index, InetAddress address, int prefixLength) {
        return new IfAddress(index, address, prefixLength, NetlinkConstants.RT_SCOPE_UNIVERSE, 0,
                Optional.empty(), Optional.empty());
    }

    /** This address with another scope. */
    public IfAddress withScope(int newScope) {
        return new IfAddress(index, address, prefixLength, newScope, flags, label, broadcast);
    }

    /** This address with other IFA_F_* flags, e.g. {@link #NODAD}. */
    public IfAddress withFlags(int newFlags) {
        return new IfAddress(index, address, prefixLength, scope, newFlags, label, broadcast);
    }

    /** This address with an IPv4 label. */
    public IfAddress withLabel(String newLabel) {
        return new IfAddress(index, address, prefixLength, scope, flags, Optional.of(newLabel), broadcast);
    }

    /** This address with an IPv4 broadcast address. */
    public IfAddress withBroadcast(InetAddress newBroadcast) {
        return new IfAddress(index, address, prefixLength, scope, flags, label, Optional.of(newBroadcast));
    }

    /** Whether this is a secondary IPv4 address ({@link #SECONDARY}). */
    public boolean isSecondary() {
        return (flags & SECONDARY) != 0;
    }

    /** Whether this IPv6 address is still under duplicate address detection ({@link #TENTATIVE}). */
    public boolean isTentative() {
        return (flags & TENTATIVE) != 0;
    }

    /** AF_INET or AF_INET6. */
    public int family() {
        return address instanceof Inet4Address ? NetlinkConstants.AF_INET : NetlinkConstants.AF_INET6;
    }

    /** {@code 198.18.0.100/32}. */
    public String cidr() {
        return address.getHostAddress() + "/" + prefixLength;
    }
}
