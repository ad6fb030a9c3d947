/**
 * Flyweights over MemorySegment for the frames and headers the dataplane reads and writes, with primitive accessors
 * for the packet path (Ethernet and 802.1Q, ARP, IPv4, IPv6, TCP, UDP, ICMP and ICMPv6, IPIP, neighbour discovery,
 * the Internet checksum and its incremental update; IEEE 802.3, RFC 826, RFC 791, RFC 8200, RFC 9293, RFC 768,
 * RFC 792, RFC 4443, RFC 2003, RFC 4861, RFC 1071, RFC 1624, https://www.rfc-editor.org/).
 */
package io.vigil.dataplane.packet;
