/**
 * The user-space LVS-TUN real-server endpoint: IPIP packets (RFC 2003) addressed to the host are decapsulated and
 * their inner packets, addressed to a VIP, delivered to the local stack through a TUN device.
 */
package io.vigil.director.tunnel;
