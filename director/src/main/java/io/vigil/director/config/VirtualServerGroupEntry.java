package io.vigil.director.config;

import java.net.InetAddress;

/**
 * One line of a {@code virtual_server_group}: {@code IP [PORT]}, a range {@code A.B.C.D-E [PORT]} or
 * {@code fwmark N}.
 *
 * @param first    the first address, or null for a fwmark entry
 * @param last     the last address of a range (equal to first for one address), or null
 * @param port     the port, or null
 * @param fwmark   the firewall mark, or null for an address entry
 * @param position where the entry is
 */
public record VirtualServerGroupEntry(InetAddress first, InetAddress last, Integer port, Integer fwmark,
        SourcePosition position) {
}
