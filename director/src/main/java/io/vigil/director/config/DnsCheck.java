package io.vigil.director.config;

/**
 * {@code DNS_CHECK}: a UDP query that must be answered (check_dns.c).
 *
 * @param settings  the shared checker options (retry default 3)
 * @param queryType {@code type}: A, NS, CNAME, SOA (default), MX, TXT, AAAA
 * @param name      {@code name}, default "."
 * @param position  where the block starts
 */
public record DnsCheck(CheckerSettings settings, String queryType, String name, SourcePosition position)
        implements Checker {

    @Override
    public String type() {
        return "DNS_CHECK";
    }
}
