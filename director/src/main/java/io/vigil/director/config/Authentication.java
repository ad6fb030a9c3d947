package io.vigil.director.config;

/**
 * The {@code authentication} block of a VRRPv2 instance (RFC 2338 §5.3.6; keepalived.conf(5)).
 *
 * @param type     {@code PASS} or {@code AH}
 * @param password {@code auth_pass}, truncated to 8 bytes as keepalived does
 */
public record Authentication(String type, String password) {
}
