package io.vigil.director.config;

/**
 * {@code UDP_CHECK}: send a payload; down on an ICMP unreachable, or on no matching reply when one is required
 * (check_udp.c).
 *
 * @param settings       the shared checker options
 * @param payload        {@code payload} as hex, or null
 * @param requireReply   {@code require_reply}
 * @param replyPattern   the hex the reply must hold, or null
 * @param minReplyLength {@code min_reply_length}, or null
 * @param maxReplyLength {@code max_reply_length}, or null
 * @param position       where the block starts
 */
public record UdpCheck(CheckerSettings settings, String payload, boolean requireReply, String replyPattern,
        Integer minReplyLength, Integer maxReplyLength, SourcePosition position) implements Checker {

    @Override
    public String type() {
        return "UDP_CHECK";
    }
}
