/** Flyweights over MemorySegment for the frames and headers the dataplane reads and writes (Ethernet, ARP, ICMP echo; IEEE 802.3 / RFC 826 / RFC 792, RFC 4443). */
package io.vigil.dataplane.packet;
