/**
 * VRRPv2 (RFC 3768) and VRRPv3 (RFC 5798) on the wire: a {@link java.lang.foreign.MemorySegment} flyweight, an
 * allocation-free advert encoder, RFC 1071 checksums with the v3 pseudo-header, and receive validation that returns a
 * {@link io.vigil.vrrp.wire.VrrpCheck} reason instead of throwing (https://www.rfc-editor.org/rfc/rfc5798#section-5).
 */
package io.vigil.vrrp.wire;
