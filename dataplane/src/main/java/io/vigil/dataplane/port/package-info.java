/**
 * Packet ports: where frames enter and leave the dataplane. {@link io.vigil.dataplane.port.PacketPort} is the
 * interface the forwarders see; the TPACKET_V3 port (packet(7)) implements it today, an AF_XDP one later.
 */
package io.vigil.dataplane.port;
