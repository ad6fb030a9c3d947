package io.vigil.director.config;

import java.net.InetAddress;

/**
 * {@code global_defs { lvs_sync_daemon INTERFACE [inst] VRRP_INSTANCE [id N] [maxlen N] [port N] [ttl N]
 * [group ADDRESS] }} (keepalived.conf(5); global_parser.c {@code lvs_syncd_handler}): IPVS connection sync on
 * INTERFACE, MASTER while VRRP_INSTANCE is MASTER and BACKUP otherwise.
 *
 * @param interfaceName the interface the messages use
 * @param vrrpInstance  the instance the role follows
 * @param syncId        {@code id} 0..255, or null for the instance's virtual_router_id (keepalived's default)
 * @param maxLength     {@code maxlen} (UDP payload octets), or null for the default (1472: a 1500-octet MTU)
 * @param port          {@code port}, default 8848
 * @param ttl           {@code ttl}, default 1
 * @param group         {@code group}, default 224.0.0.81
 * @param position      where the keyword is
 */
public record LvsSyncDaemon(String interfaceName, String vrrpInstance, Integer syncId, Integer maxLength, int port,
                            int ttl, InetAddress group, SourcePosition position) {

    /** IPVS's {@code IP_VS_SYNC_PORT}. */
    public static final int DEFAULT_PORT = 8848;
    /** IPVS's {@code IP_VS_SYNC_GROUP}. */
    public static final InetAddress DEFAULT_GROUP = StatementReader.parseAddress("224.0.0.81");
    /** IPVS's default multicast TTL. */
    public static final int DEFAULT_TTL = 1;
}
