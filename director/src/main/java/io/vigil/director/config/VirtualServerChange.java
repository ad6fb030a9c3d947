package io.vigil.director.config;

import java.util.List;
import java.util.Objects;

/**
 * A virtual_server present before and after a reload under the same identity ({@link VirtualServer#label()}:
 * address, protocol and port, or fwmark, or group) whose content differs: its own keywords, its real servers, or
 * both. A real server is matched by {@link ConfigDiff#realServerKey address and port}. Immutable.
 *
 * @param key         the service's identity
 * @param before      the running virtual_server
 * @param after       the new one
 * @param keywords    the service-level keywords that differ ({@code lvs_sched}, {@code quorum}, ...; never
 *                    {@code real_servers})
 * @param realServers its real servers added, removed and changed ({@code weight}, {@code checkers}, ...)
 */
public record VirtualServerChange(String key, VirtualServer before, VirtualServer after, List<String> keywords,
                                  Changes<RealServer> realServers) {

    public VirtualServerChange {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        keywords = List.copyOf(keywords);
        Objects.requireNonNull(realServers, "realServers");
    }
}
