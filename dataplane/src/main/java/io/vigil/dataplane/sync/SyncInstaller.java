package io.vigil.dataplane.sync;

import io.vigil.dataplane.api.SyncDropReason;
import io.vigil.dataplane.forward.ConnectionTable;
import io.vigil.dataplane.forward.Destination;
import io.vigil.dataplane.forward.ServiceEntry;
import java.util.Collection;

/**
 * The backup's side on the worker: installs received connections and templates into the connection table as
 * IPVS's {@code ip_vs_proc_conn} does. The entry's service is found by protocol, virtual address and port (active
 * or not: a backup programs every service), its destination by address and port; an existing connection to
 * another destination is replaced unless the message marks it inactive (an expiry notice for the old one); an
 * existing entry takes the message's state and timeout; a new one is opened marked synced. The timeout is the
 * message's (v1) or, when 0 (v0), the state's own here (3 minutes for a template). Unlike IPVS, an entry whose
 * service or destination is unknown is not kept unbound: it is counted ({@link SyncDropReason#NO_SERVICE},
 * {@link SyncDropReason#NO_DESTINATION}) and skipped.
 *
 * <p>Threading: owned by the worker that owns the table.
 */
public final class SyncInstaller {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** IPVS's timeout for a template whose message carries none. */
    private static final long TEMPLATE_DEFAULT_NANOS = 180 * NANOS_PER_SECOND;

    private final ConnectionTable table;
    private final Collection<ServiceEntry> services;
    private final SyncCounters counters;

    /** @param services the worker's services (a live view) */
    public SyncInstaller(ConnectionTable table, Collection<ServiceEntry> services, SyncCounters counters) {
        this.table = table;
        this.services = services;
        this.counters = counters;
    }

    /** Installs every record of {@code batch}. */
    public void install(SyncBatch batch, long nowNanos) {
        for (int i = 0; i < batch.size(); i++) {
            install(batch.get(i), nowNanos);
        }
    }

    private void install(SyncRecord r, long nowNanos) {
        ServiceEntry service = service(r);
        if (service == null) {
            counters.count(SyncDropReason.NO_SERVICE);
            return;
        }
        Destination d = destination(service, r);
        if (d == null) {
            counters.count(SyncDropReason.NO_DESTINATION);
            return;
        }
        int slot = r.template() ? installTemplate(service, d, r, nowNanos) : installConnection(service, d, r, nowNanos);
        if (slot == -1) {
            counters.count(SyncDropReason.TABLE_FULL);
        } else if (slot >= 0) {
            counters.connectionReceived();
        }
    }

    /** The slot, -1 when the table is full, -2 when the message is ignored. */
    private int installConnection(ServiceEntry service, Destination d, SyncRecord r, long nowNanos) {
        int state = r.protocol == SyncProtocol.PROTOCOL_TCP ? r.state : ConnectionTable.STATE_UDP;
        long timeout = r.timeoutSeconds > 0 ? r.timeoutSeconds * NANOS_PER_SECOND : table.stateTimeoutNanos(state);
        int slot = table.findInbound(r.protocol, r.clientHigh, r.clientLow, r.clientPort, r.virtualHigh, r.virtualLow,
                r.virtualPort);
        if (slot >= 0 && table.destinationId(slot) != d.id()) {
            if ((r.flags & SyncProtocol.FLAG_INACTIVE) != 0) {
                return -2;
            }
            table.remove(slot, nowNanos);
            slot = -1;
        }
        if (slot >= 0) {
            table.syncUpdate(slot, state, timeout, nowNanos);
            return slot;
        }
        return table.openSynced(r.protocol, r.clientHigh, r.clientLow, r.clientPort, r.virtualHigh, r.virtualLow,
                r.virtualPort, d, service.id(), state, (r.flags & SyncProtocol.FLAG_NOOUTPUT) != 0, timeout, nowNanos);
    }

    private int installTemplate(ServiceEntry service, Destination d, SyncRecord r, long nowNanos) {
        long timeout = r.timeoutSeconds > 0 ? r.timeoutSeconds * NANOS_PER_SECOND : TEMPLATE_DEFAULT_NANOS;
        int slot = table.findTemplate(service.id(), r.clientHigh, r.clientLow);
        if (slot >= 0 && table.destinationId(slot) != d.id()) {
            table.remove(slot, nowNanos);
            slot = -1;
        }
        if (slot < 0) {
            slot = table.openTemplate(service.id(), r.clientHigh, r.clientLow, d, (int) (timeout / NANOS_PER_SECOND),
                    nowNanos);
            if (slot < 0) {
                return -1;
            }
        }
        table.syncUpdate(slot, 0, timeout, nowNanos);
        return slot;
    }

    private ServiceEntry service(SyncRecord r) {
        for (ServiceEntry s : services) {
            if (s.port() == r.virtualPort && s.addressLow() == r.virtualLow && s.addressHigh() == r.virtualHigh
                    && s.protocol() == r.protocol) {
                return s;
            }
        }
        return null;
    }

    private static Destination destination(ServiceEntry service, SyncRecord r) {
        for (Destination d : service.destinations()) {
            if (d.port() == r.destinationPort && d.addressLow() == r.destinationLow
                    && d.addressHigh() == r.destinationHigh && !d.removed()) {
                return d;
            }
        }
        return null;
    }
}
