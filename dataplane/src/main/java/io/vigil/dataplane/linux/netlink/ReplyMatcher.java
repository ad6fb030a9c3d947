package io.vigil.dataplane.linux.netlink;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Matches the datagrams that answer one request (RFC 3549 §2.3.2): only messages with the request's sequence number
 * and the socket's port id count (others are stale replies to an earlier request, and are skipped and counted);
 * NLMSG_ERROR ends with an ack or a failure, NLMSG_DONE ends a dump (with an error if its payload is negative),
 * NLMSG_OVERRUN fails, and a reply without NLM_F_MULTI is the whole answer. Pure: no I/O, single owner thread.
 */
public final class ReplyMatcher {

    /** What the request needs next. */
    public enum Step {
        /** Read another datagram. */
        MORE,
        /** Answered; see {@link #consistent()}. */
        DONE,
        /** Failed; see {@link #failure()}. */
        FAILED
    }

    /** EIO, asm-generic/errno-base.h: a reply that cannot be decoded. */
    private static final int EIO = 5;
    /** ENOBUFS, asm-generic/errno.h: NLMSG_OVERRUN. */
    private static final int ENOBUFS = 105;

    private final RtnetlinkDecoder decoder;
    private final ParseDiagnostics diagnostics;
    private int seq;
    private int portId;
    private boolean consistent;
    private NetlinkAck failure;

    /** A matcher decoding acks with {@code decoder} and counting skipped messages in its diagnostics. */
    public ReplyMatcher(RtnetlinkDecoder decoder) {
        this.decoder = decoder;
        this.diagnostics = decoder.diagnostics();
    }

    /** Starts matching replies to the request with this sequence number, sent from this port id. */
    public void expect(int requestSeq, int socketPortId) {
        this.seq = requestSeq;
        this.portId = socketPortId;
        this.consistent = true;
        this.failure = null;
    }

    /** Walks one datagram under {@code cursor}, handing each reply message to {@code onReply}. */
    public Step datagram(NetlinkCursor cursor, Consumer<NetlinkCursor> onReply) {
        while (cursor.next()) {
            if (cursor.seq() != seq || cursor.pid() != portId) {
                diagnostics.record(NetlinkConstants.messageTypeName(cursor.type()) + " with seq " + cursor.seq()
                        + " port " + cursor.pid() + ": expected seq " + seq + " port " + portId + " (stale reply)");
                continue;
            }
            switch (cursor.type()) {
                case NetlinkConstants.NLMSG_NOOP -> { }
                case NetlinkConstants.NLMSG_ERROR -> {
                    NetlinkAck ack = decoder.ack(cursor);
                    if (ack == null) {
                        return fail(new NetlinkAck(EIO, Optional.of("malformed NLMSG_ERROR: " + diagnostics.lastReason())));
                    }
                    return ack.ok() ? Step.DONE : fail(ack);
                }
                case NetlinkConstants.NLMSG_DONE -> {
                    int error = cursor.payloadLength() >= 4
                            ? cursor.buffer().get(JAVA_INT_UNALIGNED, cursor.payloadOffset()) : 0;
                    return error < 0 && error != Integer.MIN_VALUE
                            ? fail(new NetlinkAck(-error, Optional.of("the dump ended with an error")))
                            : Step.DONE;
                }
                case NetlinkConstants.NLMSG_OVERRUN -> {
                    return fail(new NetlinkAck(ENOBUFS, Optional.of("NLMSG_OVERRUN")));
                }
                default -> {
                    consistent &= (cursor.flags() & NetlinkConstants.NLM_F_DUMP_INTR) == 0;
                    onReply.accept(cursor);
                    if ((cursor.flags() & NetlinkConstants.NLM_F_MULTI) == 0) {
                        return Step.DONE;
                    }
                }
            }
        }
        if (cursor.malformed() != null) {
            diagnostics.record("reply to seq " + seq + ": " + cursor.malformed());
        }
        return Step.MORE;
    }

    private Step fail(NetlinkAck ack) {
        failure = ack;
        return Step.FAILED;
    }

    /** False when a dump part carried NLM_F_DUMP_INTR: the answer may be inconsistent; ask again. */
    public boolean consistent() {
        return consistent;
    }

    /** Why the request failed (errno and the kernel's text), after {@link Step#FAILED}. */
    public NetlinkAck failure() {
        return failure;
    }
}
