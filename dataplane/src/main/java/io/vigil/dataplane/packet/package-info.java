/** Flyweights over MemorySegment for the frames and headers the dataplane reads and writes (Ethernet, ARP, IEEE 802.3 / RFC 826). */
package io.vigil.dataplane.packet;
