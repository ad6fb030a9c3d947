package io.vigil.dataplane.forward;

import io.vigil.dataplane.api.ForwardingMethod;
import java.util.Arrays;
import java.util.List;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Finds, without allocating, the active service of a packet (protocol, VIP, port, then the port-0 service of a
 * persistent wildcard), whether an address is an active VIP at all, and whether a source is a NAT destination
 * whose replies the dataplane owns. Rebuilt on the control path whenever services, destinations or activation
 * change. Owned by the worker.
 */
public final class ServiceTable {

    private static final ServiceEntry[] NONE = new ServiceEntry[0];

    private final Long2ObjectHashMap<ServiceEntry[]> byFlow = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<long[]> activeVips = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<long[]> natDestinations = new Long2ObjectHashMap<>();

    /** Rebuilds the lookups from every service (only active ones are found). */
    public void rebuild(List<ServiceEntry> services) {
        byFlow.clear();
        activeVips.clear();
        natDestinations.clear();
        for (ServiceEntry s : services) {
            if (!s.active()) {
                continue;
            }
            long key = flowKey(s.protocol(), s.addressHigh(), s.addressLow(), s.port());
            ServiceEntry[] bucket = byFlow.get(key);
            if (bucket == null) {
                bucket = NONE;
            }
            bucket = Arrays.copyOf(bucket, bucket.length + 1);
            bucket[bucket.length - 1] = s;
            byFlow.put(key, bucket);
            addPair(activeVips, s.addressHigh(), s.addressLow(), 0);
            for (Destination d : s.destinations()) {
                if (d.method() == ForwardingMethod.NAT) {
                    addPair(natDestinations, d.addressHigh(), d.addressLow(), (s.protocol() << 16) | d.port());
                }
            }
        }
    }

    /** The active service of a packet to (protocol, address, port), or null. */
    public ServiceEntry find(int protocol, long high, long low, int port) {
        ServiceEntry s = exact(protocol, high, low, port);
        return s != null ? s : exact(protocol, high, low, 0);
    }

    /** Whether some active service has this VIP. */
    public boolean isActiveVip(long high, long low) {
        return contains(activeVips, high, low, 0);
    }

    /** Whether (protocol, address, port) is a NAT destination of an active service: its packets are replies we own. */
    public boolean isNatDestination(int protocol, long high, long low, int port) {
        return contains(natDestinations, high, low, (protocol << 16) | port);
    }


    private ServiceEntry exact(int protocol, long high, long low, int port) {
        ServiceEntry[] bucket = byFlow.get(flowKey(protocol, high, low, port));
        if (bucket == null) {
            return null;
        }
        for (ServiceEntry s : bucket) {
            if (s.protocol() == protocol && s.port() == port && s.addressHigh() == high && s.addressLow() == low) {
                return s;
            }
        }
        return null;
    }

    private static long flowKey(int protocol, long high, long low, int port) {
        long h = high * 0x9E37_79B9_7F4A_7C15L ^ low;
        h = (h ^ (h >>> 31)) * 0xBF58_476D_1CE4_E5B9L;
        return h ^ ((long) protocol << 56) ^ port;
    }

    /** Stores (high, low, extra) flat in one array per hash, so probing allocates nothing. */
    private static void addPair(Long2ObjectHashMap<long[]> map, long high, long low, long extra) {
        long key = flowKey(0, high, low, (int) extra);
        long[] bucket = map.get(key);
        if (bucket == null) {
            bucket = new long[0];
        }
        for (int i = 0; i < bucket.length; i += 3) {
            if (bucket[i] == high && bucket[i + 1] == low && bucket[i + 2] == extra) {
                return;
            }
        }
        bucket = Arrays.copyOf(bucket, bucket.length + 3);
        bucket[bucket.length - 3] = high;
        bucket[bucket.length - 2] = low;
        bucket[bucket.length - 1] = extra;
        map.put(key, bucket);
    }

    private static boolean contains(Long2ObjectHashMap<long[]> map, long high, long low, long extra) {
        long[] bucket = map.get(flowKey(0, high, low, (int) extra));
        if (bucket == null) {
            return false;
        }
        for (int i = 0; i < bucket.length; i += 3) {
            if (bucket[i] == high && bucket[i + 1] == low && bucket[i + 2] == extra) {
                return true;
            }
        }
        return false;
    }
}
