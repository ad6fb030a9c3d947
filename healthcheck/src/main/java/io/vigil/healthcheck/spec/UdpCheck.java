package io.vigil.healthcheck.spec;

import java.util.Optional;

/**
 * {@code UDP_CHECK}: send {@code payload}. Without {@code require_reply} the check fails only on an ICMP port
 * unreachable; with it a reply of {@code min..max_reply_length} bytes whose first bytes match is needed
 * (check_udp.c {@code check_udp_reply}; layer4.c {@code udp_socket_state}).
 *
 * @param connect        where to send
 * @param payload        bytes sent (keepalived sends an empty datagram when none is set)
 * @param requireReply   whether a reply is required
 * @param expectedReply  bytes the reply must start with (compared over the shorter of the two)
 * @param minReplyLength {@code min_reply_length} (default 0)
 * @param maxReplyLength {@code max_reply_length} (default 255)
 */
public record UdpCheck(ConnectOptions connect, byte[] payload, boolean requireReply, Optional<byte[]> expectedReply,
                       int minReplyLength, int maxReplyLength) implements ProbeSpec {

    /** Default max_reply_length, UINT8_MAX (check_udp.c L95). */
    public static final int DEFAULT_MAX_REPLY_LENGTH = 255;

    public UdpCheck {
        if (connect == null || payload == null || expectedReply == null) {
            throw new IllegalArgumentException("UDP_CHECK needs connect options and a payload (may be empty)");
        }
        if (minReplyLength < 0 || maxReplyLength < minReplyLength) {
            throw new IllegalArgumentException("UDP_CHECK: min_reply_length " + minReplyLength
                    + " must be within 0..max_reply_length " + maxReplyLength);
        }
        payload = payload.clone();
        expectedReply = expectedReply.map(byte[]::clone);
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public Optional<byte[]> expectedReply() {
        return expectedReply.map(byte[]::clone);
    }

    @Override
    public String keyword() {
        return "UDP_CHECK";
    }
}
