package io.vigil.dataplane.api;

import java.net.InetSocketAddress;

/**
 * One entry of the connection table, as {@code ipvsadm -Lnc} prints it.
 *
 * @param protocol      TCP, UDP, SCTP
 * @param client        the client's address and port (for a template, the masked client address and port 0)
 * @param virtual       the virtual address and port
 * @param destination   the real server
 * @param state         IPVS's state name: {@code ESTABLISHED}, {@code SYN_RECV}, {@code FIN_WAIT}, {@code UDP},
 *                      {@code NONE} for a template, ...
 * @param expiresMillis time left before it expires
 * @param method        how it is forwarded
 * @param template      whether this is a persistence template
 * @param synced        whether a sync message made or last updated it (IPVS's {@code IP_VS_CONN_F_SYNC}; the
 *                      Origin {@code SYNC} of /proc/net/ip_vs_conn_sync)
 */
public record ConnectionEntry(Protocol protocol, InetSocketAddress client, InetSocketAddress virtual,
                              InetSocketAddress destination, String state, long expiresMillis,
                              ForwardingMethod method, boolean template, boolean synced) {

    /** A local entry (not synced). */
    public ConnectionEntry(Protocol protocol, InetSocketAddress client, InetSocketAddress virtual,
                           InetSocketAddress destination, String state, long expiresMillis, ForwardingMethod method,
                           boolean template) {
        this(protocol, client, virtual, destination, state, expiresMillis, method, template, false);
    }
}
