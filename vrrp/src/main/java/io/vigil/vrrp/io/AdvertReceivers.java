package io.vigil.vrrp.io;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.vigil.dataplane.linux.LinuxException;
import io.vigil.vrrp.wire.AdvertProfile;
import io.vigil.vrrp.wire.IpFamily;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receive side of the VRRP loop: one {@link AdvertReceiver} per interface and family, registered with the loop
 * for readability, and the instance each VRID on it belongs to. When the instances on an interface change (a
 * reload), that interface's receiver is replaced by one whose validator knows the new VRIDs; the others are left
 * alone.
 *
 * <p>Threading: the VRRP loop thread only, except {@link #replace} before the loop runs anything else (startup).
 */
final class AdvertReceivers {

    private static final Logger LOG = LoggerFactory.getLogger(AdvertReceivers.class);

    /** Where a receiver sits: its interface and family (a typed key, never a string built and split). */
    record Key(String interfaceName, IpFamily family) {
        static Key of(InstanceBinding b) {
            return new Key(b.interfaceName(), b.profile().family());
        }
    }

    /** One registered receiver and its instances by VRID. */
    private static final class Entry {
        final AdvertReceiver receiver;
        /** Indexed by VRID (0..255): no boxing per advert. */
        final String[] instanceByVrid = new String[256];
        IoRegistration registration;

        Entry(AdvertReceiver receiver, Map<Integer, String> instanceByVrid) {
            this.receiver = receiver;
            instanceByVrid.forEach((vrid, name) -> this.instanceByVrid[vrid] = name);
        }
    }

    private final IoEventLoop loop;
    private final Function<AdvertReceiver, AdvertReceiver.Sink> sinks;
    private final Map<Key, Entry> entries = new LinkedHashMap<>();
    private final Map<AdvertReceiver, Entry> byReceiver = new HashMap<>();

    /** @param sinks the sink of each new receiver (built once per receiver, not per wake-up) */
    AdvertReceivers(IoEventLoop loop, Function<AdvertReceiver, AdvertReceiver.Sink> sinks) {
        this.loop = loop;
        this.sinks = sinks;
    }

    /**
     * Checks that no two of {@code bindings} share a VRID on one interface and family.
     *
     * @throws IllegalArgumentException naming both instances
     */
    static Map<Key, Map<Integer, String>> vrids(Iterable<InstanceBinding> bindings) {
        Map<Key, Map<Integer, String>> out = new LinkedHashMap<>();
        for (InstanceBinding b : bindings) {
            String previous = out.computeIfAbsent(Key.of(b), k -> new HashMap<>())
                    .put(b.profile().virtualRouterId(), b.name());
            if (previous != null) {
                throw new IllegalArgumentException("vrrp_instance " + b.name() + " and " + previous + " both use VRID "
                        + b.profile().virtualRouterId() + " on " + b.interfaceName() + " (" + b.profile().family() + ")");
            }
        }
        return out;
    }

    /**
     * Replaces the receiver of {@code key} by one for {@code bindings} (all on that interface and family), or closes
     * it when {@code bindings} is empty.
     */
    void replace(Key key, List<InstanceBinding> bindings) throws LinuxException {
        Entry old = entries.remove(key);
        if (old != null) {
            close(old);
        }
        if (bindings.isEmpty()) {
            return;
        }
        List<AdvertProfile> profiles = bindings.stream().map(InstanceBinding::profile).toList();
        AdvertReceiver receiver = new AdvertReceiver(key.interfaceName(), key.family(), profiles);
        Entry entry = new Entry(receiver, vrids(bindings).getOrDefault(key, Map.of()));
        entries.put(key, entry);
        byReceiver.put(receiver, entry);
        AdvertReceiver.Sink sink = sinks.apply(receiver);
        ReadableFd.register(loop, receiver.fd(), () -> drain(receiver, sink)).whenComplete((registration, e) -> {
            if (e != null) {
                LOG.error("cannot watch the VRRP receive socket on {}: {}", key.interfaceName(), e.getMessage());
            } else if (byReceiver.get(receiver) == entry) {
                entry.registration = registration;
            } else {
                registration.cancel(); // replaced before its registration completed
            }
        });
    }

    /** The instance with {@code profile}'s VRID on {@code receiver} (a receiver has one family), or null. */
    String instanceFor(AdvertReceiver receiver, AdvertProfile profile) {
        Entry e = byReceiver.get(receiver);
        return e == null ? null : e.instanceByVrid[profile.virtualRouterId()];
    }

    /** Closes every receiver. */
    void closeAll() {
        for (Entry e : entries.values()) {
            close(e);
        }
        entries.clear();
    }

    private void close(Entry e) {
        byReceiver.remove(e.receiver);
        if (e.registration != null) {
            e.registration.cancel();
        }
        try {
            e.receiver.close();
        } catch (LinuxException ex) {
            LOG.warn("closing a receive socket: {}", ex.getMessage());
        }
    }

    private static void drain(AdvertReceiver receiver, AdvertReceiver.Sink sink) {
        try {
            receiver.drain(sink);
        } catch (LinuxException e) {
            LOG.warn("receiving adverts on {}: {}", receiver.interfaceName(), e.getMessage());
        }
    }
}
