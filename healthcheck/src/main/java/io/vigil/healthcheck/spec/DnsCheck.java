package io.vigil.healthcheck.spec;

/**
 * {@code DNS_CHECK}: a UDP query; up when a response with the query's id, QR set and RCODE 0 arrives within
 * connect_timeout (check_dns.c {@code dns_recv_thread}).
 *
 * @param connect       where to send (port 53 by default in keepalived)
 * @param type          {@code type}: A, NS, CNAME, SOA, MX, TXT or AAAA (default SOA)
 * @param name          {@code name} (default {@code .})
 * @param requireAnswer Vigil extension: also require at least one answer record (keepalived does not)
 */
public record DnsCheck(ConnectOptions connect, String type, String name, boolean requireAnswer) implements ProbeSpec {

    /** Default query type, SOA (check_dns.c). */
    public static final String DEFAULT_TYPE = "SOA";
    /** Default query name, the root (check_dns.c). */
    public static final String DEFAULT_NAME = ".";
    /** Default retry of DNS_CHECK, 3 (check_dns.c L480). */
    public static final int DEFAULT_RETRY = 3;

    public DnsCheck {
        if (connect == null || type == null || name == null) {
            throw new IllegalArgumentException("DNS_CHECK needs connect options, a type and a name");
        }
        type = type.toUpperCase(java.util.Locale.ROOT);
        if (!java.util.Set.of("A", "NS", "CNAME", "SOA", "MX", "TXT", "AAAA").contains(type)) {
            throw new IllegalArgumentException("DNS_CHECK type: found '" + type
                    + "', expected one of A NS CNAME SOA MX TXT AAAA");
        }
    }

    @Override
    public String keyword() {
        return "DNS_CHECK";
    }
}
