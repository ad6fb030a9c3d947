package io.vigil.dataplane.api;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A virtual service as the dataplane holds it (ipvsadm {@code -A}).
 *
 * @param key                   what identifies it
 * @param scheduler             how new flows pick a real server
 * @param flags                 scheduler flags
 * @param persistenceSeconds    {@code persistence_timeout}, 0 when not persistent
 * @param persistencePrefix     {@code persistence_granularity} as a prefix length (32 or 128 when unset)
 */
public record Service(ServiceKey key, Scheduler scheduler, Set<SchedulerFlag> flags, int persistenceSeconds,
                      int persistencePrefix) {

    public Service {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(scheduler, "scheduler");
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
        int max = key.ipv6() ? 128 : 32;
        if (persistencePrefix < 0 || persistencePrefix > max) {
            throw new IllegalArgumentException("persistence prefix /" + persistencePrefix + " out of range 0-" + max);
        }
        if (persistenceSeconds < 0) {
            throw new IllegalArgumentException("persistence timeout " + persistenceSeconds + " is negative");
        }
    }

    /** A non-persistent service with no flags. */
    public static Service of(ServiceKey key, Scheduler scheduler) {
        return new Service(key, scheduler, Set.of(), 0, key.ipv6() ? 128 : 32);
    }

    /** Whether flows of one client stick to one real server for {@link #persistenceSeconds()}. */
    public boolean persistent() {
        return persistenceSeconds > 0;
    }

    /** Whether {@code flag} is set. */
    public boolean has(SchedulerFlag flag) {
        return flags.contains(flag);
    }
}
