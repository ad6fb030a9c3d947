/**
 * Packet ports: where frames enter and leave the dataplane. {@link io.vigil.dataplane.port.PacketPort} is the
 * interface the forwarders see; the TPACKET port (packet(7)) and the AF_XDP port
 * (https://docs.kernel.org/networking/af_xdp.html) implement it, one per worker and interface.
 */
package io.vigil.dataplane.port;
