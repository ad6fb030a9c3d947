package io.vigil.director.config;

import java.util.List;

/**
 * A {@code virtual_server_group} block (keepalived.conf(5) "Virtual server group(s)").
 *
 * @param name     the group's name
 * @param entries  its addresses, ranges and fwmarks
 * @param position where the block starts
 */
public record VirtualServerGroup(String name, List<VirtualServerGroupEntry> entries, SourcePosition position) {
}
