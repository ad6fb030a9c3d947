/** Flyweights over MemorySegment for the frames and headers the dataplane reads and writes (Ethernet, ARP, ICMP echo, IPv6 neighbour discovery, the Internet checksum; IEEE 802.3, RFC 826, RFC 792, RFC 4443, RFC 4861, RFC 1071). */
package io.vigil.dataplane.packet;
