package io.vigil.vrrp.io;

import io.netty.util.NetUtil;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * One virtual address as keepalived's {@code virtual_ipaddress} lists it: {@code ADDR[/PREFIX] [dev IF]
 * [brd ADDR] [scope SCOPE] [label LABEL]} (keepalived.md §1.7).
 *
 * @param address      the address
 * @param prefixLength the prefix length; keepalived's default is /32 (IPv4) and /128 (IPv6)
 * @param device       the interface it goes on (the instance's interface unless {@code dev} says otherwise)
 * @param broadcast    the broadcast address, or null
 * @param scope        the rtnetlink scope (0 global, 253 link, 254 host)
 * @param label        the IPv4 address label, or null
 * @param deprecated   an IPv6 address added with a preferred lifetime of 0, so that the kernel never picks it as the
 *                     source of the host's own connections (health checks among them); keepalived's default for a
 *                     /128 without {@code preferred_lft} (vrrp_ipaddress.c {@code parse_ipaddress}). Ignored for IPv4
 */
public record Vip(InetAddress address, int prefixLength, String device, InetAddress broadcast, int scope, String label,
                  boolean deprecated) {

    public Vip {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(device, "device");
        int max = address instanceof Inet4Address ? 32 : 128;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length /" + prefixLength + " for " + address.getHostAddress()
                    + ", expected 0.." + max);
        }
    }

    /** As the canonical constructor, deprecated as keepalived's default says: an IPv6 /128. */
    public Vip(InetAddress address, int prefixLength, String device, InetAddress broadcast, int scope, String label) {
        this(address, prefixLength, device, broadcast, scope, label, deprecatedByDefault(address, prefixLength));
    }

    /** A host address (/32 or /128) on {@code device} with global scope, deprecated if IPv6. */
    public static Vip host(InetAddress address, String device) {
        return new Vip(address, address instanceof Inet4Address ? 32 : 128, device, null, 0, null);
    }

    /** keepalived's default when {@code preferred_lft} is not given: IPv6 /128 addresses are deprecated. */
    public static boolean deprecatedByDefault(InetAddress address, int prefixLength) {
        return !(address instanceof Inet4Address) && prefixLength == 128;
    }

    @Override
    public String toString() {
        return NetUtil.toAddressString(address) + "/" + prefixLength + " dev " + device;
    }
}
