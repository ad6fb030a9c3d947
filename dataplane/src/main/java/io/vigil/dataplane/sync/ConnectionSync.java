package io.vigil.dataplane.sync;

import io.vigil.dataplane.api.ForwardingMethod;
import io.vigil.dataplane.api.SyncDropReason;
import io.vigil.dataplane.forward.ConnectionObserver;
import io.vigil.dataplane.forward.ConnectionTable;
import io.vigil.dataplane.forward.ServiceEntry;
import io.vigil.dataplane.forward.TcpConnectionState;
import java.util.function.IntFunction;

/**
 * The master's side of sync on the worker: after every inbound packet it decides, as IPVS's
 * {@code ip_vs_sync_conn_needed} does, whether the connection (and then its persistence template) must be synced,
 * and queues a {@link SyncRecord} for the sender. TCP is synced in ESTABLISHED, FIN_WAIT, CLOSE, CLOSE_WAIT and
 * TIME_WAIT only: at once on a change into any of them but ESTABLISHED, otherwise when its inbound packet count
 * meets the {@link SyncThresholds} (or a refresh is due); UDP by the thresholds; templates every time a
 * connection they control is (unless the refresh period holds them back). A full queue drops the record and
 * counts {@link SyncDropReason#QUEUE_FULL}; forwarding never waits.
 *
 * <p>Threading: owned by the worker that owns the table (the role flag is set through the worker's commands).
 * Allocation-free.
 */
public final class ConnectionSync implements ConnectionObserver {

    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final int SYNCED_TCP_STATES = (1 << TcpConnectionState.ESTABLISHED) | (1 << TcpConnectionState.FIN_WAIT)
            | (1 << TcpConnectionState.CLOSE) | (1 << TcpConnectionState.CLOSE_WAIT) | (1 << TcpConnectionState.TIME_WAIT);

    private final ConnectionTable table;
    private final IntFunction<ServiceEntry> services;
    private final SyncQueue queue;
    private final SyncCounters counters;
    private final SyncRecord record = new SyncRecord();
    /** IPVS's {@code in_pkts}, {@code old_state} and {@code sync_endtime} (ms; low 2 bits: retries) per slot. */
    private final int[] packets;
    private final byte[] oldState;
    private final long[] syncEndMillis;
    private SyncThresholds thresholds = SyncThresholds.IPVS_DEFAULTS;
    private boolean master;

    public ConnectionSync(ConnectionTable table, IntFunction<ServiceEntry> services, SyncQueue queue, SyncCounters counters) {
        this.table = table;
        this.services = services;
        this.queue = queue;
        this.counters = counters;
        packets = new int[table.capacity()];
        oldState = new byte[table.capacity()];
        syncEndMillis = new long[table.capacity()];
    }

    /** Whether this director is the sync master (records are queued only then). */
    public void master(boolean value) {
        master = value;
    }

    public boolean master() {
        return master;
    }

    public void thresholds(SyncThresholds value) {
        thresholds = value;
    }

    @Override
    public void opened(int slot) {
        packets[slot] = 0;
        oldState[slot] = (byte) table.state(slot);
        syncEndMillis[slot] = 0;
    }

    @Override
    public void inboundPacket(int slot, long nowNanos) {
        if (!master) {
            return;
        }
        long nowMillis = nowNanos / NANOS_PER_MILLI;
        if (needed(slot, ++packets[slot], nowMillis)) {
            queue(slot, nowNanos);
        }
        int template = table.controller(slot);
        if (template >= 0 && needed(template, ++packets[template], nowMillis)) {
            queue(template, nowNanos);
        }
    }

    /** {@code ip_vs_sync_conn_needed}. */
    private boolean needed(int slot, int pkts, long nowMillis) {
        long orig = syncEndMillis[slot];
        long timeoutMillis = table.timeoutNanos(slot) / NANOS_PER_MILLI;
        long n = (nowMillis + timeoutMillis) & ~3L;
        boolean template = table.isTemplate(slot);
        int state = table.state(slot);
        if (!template && table.protocol(slot) == SyncProtocol.PROTOCOL_TCP) {
            if (((1 << state) & SYNCED_TCP_STATES) == 0) {
                return false;
            }
            if (state != oldState[slot] && state != TcpConnectionState.ESTABLISHED) {
                return set(slot, state, n);
            }
        }
        long refreshMillis = thresholds.refreshPeriodSeconds() * 1000L;
        if (refreshMillis > 0) {
            long diff = n - orig;
            long minDiff = Math.max(timeoutMillis >> 1, 10_000L);
            if (Math.abs(diff) < Math.min(refreshMillis, minDiff)) {
                int retries = (int) (orig & 3);
                if (retries >= thresholds.retries() || nowMillis < orig - timeoutMillis + (refreshMillis >> 3)) {
                    return false;
                }
                n |= retries + 1;
            }
        }
        if (thresholds.period() > 0) {
            if (!template && pkts % thresholds.period() != thresholds.threshold()) {
                return false;
            }
        } else if (refreshMillis == 0 && pkts != thresholds.threshold()) {
            return false;
        }
        return set(slot, state, n);
    }

    private boolean set(int slot, int state, long n) {
        oldState[slot] = (byte) state;
        syncEndMillis[slot] = n;
        return true;
    }

    private void queue(int slot, long nowNanos) {
        SyncRecord r = record.clear();
        long cHigh = table.clientHigh(slot);
        long cLow = table.clientLow(slot);
        r.ipv6 = !io.vigil.dataplane.forward.AddressWords.isV4(cHigh, cLow);
        r.clientHigh = cHigh;
        r.clientLow = cLow;
        r.destinationHigh = table.destinationHigh(slot);
        r.destinationLow = table.destinationLow(slot);
        r.destinationPort = table.destinationPort(slot);
        r.flags = methodFlag(table.method(slot));
        if (table.isTemplate(slot)) {
            ServiceEntry service = services.apply(table.serviceId(slot));
            if (service == null) {
                return;
            }
            r.flags |= SyncProtocol.FLAG_TEMPLATE;
            r.protocol = service.protocol();
            r.virtualHigh = service.addressHigh();
            r.virtualLow = service.addressLow();
            r.virtualPort = service.port();
        } else {
            r.protocol = table.protocol(slot);
            r.clientPort = table.clientPort(slot);
            r.virtualHigh = table.virtualHigh(slot);
            r.virtualLow = table.virtualLow(slot);
            r.virtualPort = table.virtualPort(slot);
            int state = table.state(slot);
            r.state = state == ConnectionTable.STATE_UDP ? 0 : state;
            if (table.isInactive(slot)) {
                r.flags |= SyncProtocol.FLAG_INACTIVE;
            }
            if (table.isNoOutput(slot)) {
                r.flags |= SyncProtocol.FLAG_NOOUTPUT;
            }
        }
        r.timeoutSeconds = table.timeoutNanos(slot) / 1_000_000_000L;
        r.queuedAtNanos = nowNanos;
        if (!queue.offer(r)) {
            counters.count(SyncDropReason.QUEUE_FULL);
        }
    }

    /** The {@code IP_VS_CONN_F_FWD_MASK} bits of a method. */
    static int methodFlag(ForwardingMethod method) {
        return switch (method) {
            case NAT -> SyncProtocol.FLAG_MASQ;
            case TUN -> SyncProtocol.FLAG_TUNNEL;
            default -> SyncProtocol.FLAG_DROUTE;
        };
    }
}
