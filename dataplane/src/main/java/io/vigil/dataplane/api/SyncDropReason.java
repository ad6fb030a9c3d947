package io.vigil.dataplane.api;

import java.util.Locale;

/**
 * Why a sync message, or one connection of it, was not sent or not installed. The receive-side reasons follow the
 * checks of ip_vs_sync.c's {@code ip_vs_process_message} and {@code ip_vs_proc_sync_conn}, in their order.
 */
public enum SyncDropReason {
    /** Sender: the worker's queue to the sync sender was full; the record was dropped, forwarding went on. */
    QUEUE_FULL,
    /** Sender: the socket refused the message. */
    SEND_FAILED,
    /** Shorter than a header, or an entry, its addresses or an option runs past the end. */
    TRUNCATED,
    /** Longer than {@code sync_maxlen}. */
    OVERSIZED,
    /** The header's Size differs from the datagram's length. */
    BAD_SIZE,
    /** The SyncID is not ours (a syncid of 0 takes every message). */
    WRONG_SYNCID,
    /** Neither a v1 message (version 1, reserved and spare 0) nor a v0 one with connections, or an entry version not 0. */
    WRONG_VERSION,
    /** An entry Type other than IPv4 (0) or IPv6 (1). */
    BAD_ENTRY,
    /** An option of length 0, of the wrong length, or given twice. */
    BAD_OPTION,
    /** An entry carries a mandatory option we do not know: that entry is skipped. */
    UNKNOWN_OPTION,
    /** An entry's protocol is not TCP, UDP or SCTP: that entry is skipped. */
    UNKNOWN_PROTOCOL,
    /** An entry's state is out of its protocol's range: that entry is skipped. */
    BAD_STATE,
    /** Persistence-engine data without an engine name, or an engine Vigil does not have: that entry is skipped. */
    UNKNOWN_PERSISTENCE_ENGINE,
    /** Receiver: no service here has the entry's virtual address, port and protocol. */
    NO_SERVICE,
    /** Receiver: the service has no real server at the entry's destination. */
    NO_DESTINATION,
    /** Receiver: the connection table is full. */
    TABLE_FULL,
    /** Receiver: the worker had not taken the previous messages yet; this one was dropped. */
    WORKER_BUSY;

    /** The metric label: the name in lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
