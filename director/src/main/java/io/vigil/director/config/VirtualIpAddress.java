package io.vigil.director.config;

import java.net.InetAddress;
import java.util.List;

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
}
