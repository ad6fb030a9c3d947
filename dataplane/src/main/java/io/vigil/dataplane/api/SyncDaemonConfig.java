package io.vigil.dataplane.api;

import java.net.InetAddress;

/**
 * The sync daemon's settings, as keepalived's {@code lvs_sync_daemon} gives them to IPVS
 * ({@code IPVS_DAEMON_ATTR_*}).
 *
 * @param interfaceName the interface messages are sent and received on ({@code mcast_ifn})
 * @param syncId        0..255; a backup with 0 accepts every SyncID
 * @param maxLength     {@code sync_maxlen}: the largest message, UDP payload octets
 * @param group         the multicast group (IPv4), default 224.0.0.81
 * @param port          the UDP port, default 8848
 * @param ttl           the multicast TTL, default 1
 */
public record SyncDaemonConfig(String interfaceName, int syncId, int maxLength, InetAddress group, int port, int ttl) {

    public SyncDaemonConfig {
        if (syncId < 0 || syncId > 255) {
            throw new IllegalArgumentException("syncid " + syncId + ", expected 0 to 255");
        }
        if (maxLength < 1024 || maxLength > 65535 - 28) {
            throw new IllegalArgumentException("sync maxlen " + maxLength + ", expected 1024 to 65507");
        }
        if (!group.isMulticastAddress() || group.getAddress().length != 4) {
            throw new IllegalArgumentException("sync group " + group.getHostAddress() + ", expected an IPv4 multicast address");
        }
        if (port < 1 || port > 65535 || ttl < 1 || ttl > 255) {
            throw new IllegalArgumentException("sync port " + port + " / ttl " + ttl + ", expected 1-65535 / 1-255");
        }
    }
}
