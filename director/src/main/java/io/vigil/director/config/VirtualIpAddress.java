package io.vigil.director.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * One address of {@code virtual_ipaddress} or {@code virtual_ipaddress_excluded}:
 * {@code ADDR[/LEN] [brd IP] [dev IF] [scope S] [label L] [peer IP] [no_track] ...} (keepalived.conf(5)
 * "VRRP instance(s)"; default prefix /32 or /128, vrrp_ipaddress.c L405).
 *
 * @param address      the address
 * @param prefixLength the prefix length
 * @param broadcast    {@code brd}, or null
 * @param dev          {@code dev}, or null for the instance's interface
 * @param scope        {@code scope} (global, site, link, host, nowhere), or null
 * @param label        {@code label}, or null
 * @param peer         {@code peer}, or null
 * @param noTrack      {@code no_track}
 * @param flags        the other flags as written ({@code home}, {@code -nodad}, {@code use_vmac}, ...)
 * @param position     where the address is
 */
public record VirtualIpAddress(InetAddress address, int prefixLength, InetAddress broadcast, String dev, String scope,
        String label, InetAddress peer, boolean noTrack, List<String> flags, SourcePosition position) {

    private static final String PREFERRED_LFT = "preferred_lft ";

    /**
     * Whether the address goes on deprecated (a preferred lifetime of 0, so the kernel never picks it as a source):
     * IPv6 only, with {@code preferred_lft 0}, or a /128 without {@code preferred_lft} (keepalived's default,
     * vrrp_ipaddress.c {@code parse_ipaddress}). Any other {@code preferred_lft} leaves it preferred: a number of
     * seconds is taken as forever (Vigil does not count a lifetime down).
     */
    public boolean deprecated() {
        if (address instanceof Inet4Address) {
            return false;
        }
        return preferredLifetime().map("0"::equals).orElse(prefixLength == 128);
    }

    /** The {@code preferred_lft} value as written, if any. */
    public Optional<String> preferredLifetime() {
        return flags.stream().filter(f -> f.startsWith(PREFERRED_LFT))
                .map(f -> f.substring(PREFERRED_LFT.length()).trim()).findFirst();
    }
}
