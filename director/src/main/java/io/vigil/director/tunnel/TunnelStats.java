package io.vigil.director.tunnel;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * The endpoint's counters at one moment. Immutable.
 *
 * @param received       IPIP packets read from the raw socket
 * @param delivered      inner packets written to the TUN device
 * @param deliveredBytes their bytes (inner Total Length)
 * @param drops          dropped packets by reason (reasons with a zero count are absent)
 * @param receiveErrors  failed reads or polls of the raw socket
 */
public record TunnelStats(long received, long delivered, long deliveredBytes, Map<IpipCheck, Long> drops,
        long receiveErrors) {

    public TunnelStats {
        drops = Map.copyOf(drops);
    }

    /** All drops, whatever the reason. */
    public long dropped() {
        return drops.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * One line: {@code received 14 IPIP packets, delivered 12 (1180 bytes), dropped 2 (not_a_vip=1,
     * truncated_inner=1), receive errors 0}.
     */
    public String summary() {
        String reasons = drops.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey().label() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
        return "received " + received + " IPIP packets, delivered " + delivered + " (" + deliveredBytes
                + " bytes), dropped " + dropped() + (reasons.isEmpty() ? "" : " (" + reasons + ")")
                + ", receive errors " + receiveErrors;
    }
}
