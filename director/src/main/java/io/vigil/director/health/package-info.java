/** The director's side of health checking: mechanisms that need the dataplane, such as PING_CHECK's kernel ICMP echo (RFC 792, RFC 4443). */
package io.vigil.director.health;
