package io.vigil.dataplane.forward;

import io.vigil.dataplane.api.Service;
import io.vigil.dataplane.forward.schedule.DestinationScheduler;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * One virtual service as the worker holds it: its configuration, its scheduler, its destinations (in the order they
 * were added, removed ones excluded) and the traffic counted before a destination was chosen. Owned by the worker.
 */
public final class ServiceEntry {

    private final int id;
    private final long addressHigh;
    private final long addressLow;
    private Service service;
    private DestinationScheduler scheduler;
    private final List<Destination> destinations = new ArrayList<>();
    private long maskHigh;
    private long maskLow;
    private boolean active;
    private final TrafficCounters traffic = new TrafficCounters();

    public ServiceEntry(int id, Service service, DestinationScheduler scheduler) {
        this.id = id;
        this.addressHigh = AddressWords.high(service.key().address());
        this.addressLow = AddressWords.low(service.key().address());
        reconfigure(service, scheduler);
    }

    public int id() {
        return id;
    }

    public Service service() {
        return service;
    }

    public long addressHigh() {
        return addressHigh;
    }

    public long addressLow() {
        return addressLow;
    }

    public int port() {
        return service.key().port();
    }

    public int protocol() {
        return service.key().protocol().number();
    }

    /** New scheduler, flags or persistence; the destinations stay and the new scheduler learns them. */
    public void reconfigure(Service newService, DestinationScheduler newScheduler) {
        this.service = newService;
        this.scheduler = newScheduler;
        int prefix = newService.persistencePrefix();
        if (newService.key().ipv6()) {
            maskHigh = prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
            maskLow = prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
        } else {
            maskHigh = -1L;
            maskLow = AddressWords.V4_MAPPED_PREFIX | (prefix == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL);
        }
        destinationsChanged();
    }

    public DestinationScheduler scheduler() {
        return scheduler;
    }

    /** The persistence netmask applied to a client address, high word. */
    public long maskHigh() {
        return maskHigh;
    }

    /** The persistence netmask applied to a client address, low word. */
    public long maskLow() {
        return maskLow;
    }

    /** Whether its VIP is active here. */
    public boolean active() {
        return active;
    }

    public void active(boolean value) {
        this.active = value;
    }

    /** The destinations that are not removed, in the order they were added. */
    public List<Destination> destinations() {
        return destinations;
    }

    /** The destination with this address and port, or null. */
    public Destination destination(InetSocketAddress address) {
        for (Destination d : destinations) {
            if (d.config().address().equals(address)) {
                return d;
            }
        }
        return null;
    }

    public void addDestination(Destination d) {
        destinations.add(d);
        destinationsChanged();
    }

    /** The scheduler relearns the list after a weight or threshold change. */
    public void destinationsChanged() {
        scheduler.destinationsChanged(List.copyOf(destinations));
    }

    public void removeDestination(Destination d) {
        destinations.remove(d);
        d.markRemoved();
        destinationsChanged();
    }

    /** Its traffic (what went through before or without a destination included). */
    public TrafficCounters traffic() {
        return traffic;
    }
}
