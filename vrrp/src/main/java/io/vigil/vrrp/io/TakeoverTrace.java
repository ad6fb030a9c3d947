package io.vigil.vrrp.io;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one instance's takeover spends its time: from the master-down timer firing to the first advert on the wire,
 * the VIPs added (rtnetlink) and the first gratuitous ARP / unsolicited NA sent. The whole span goes to
 * {@link InstanceStats#takeoverNanos}; the steps are logged at debug level ({@code io.vigil.vrrp.io.TakeoverTrace}).
 *
 * <p>Threading: the VRRP loop thread only.
 */
final class TakeoverTrace {

    private static final Logger LOG = LoggerFactory.getLogger(TakeoverTrace.class);
    private static final long NONE = Long.MIN_VALUE;

    private long dueNanos = NONE;
    private long firedNanos = NONE;
    private long advertNanos = NONE;
    private long addedNanos = NONE;

    /** The master-down timer due at {@code dueNanos} fired at {@code nowNanos}: a takeover may follow. */
    void masterDownFired(long dueNanos, long nowNanos) {
        this.dueNanos = dueNanos;
        this.firedNanos = nowNanos;
        this.advertNanos = NONE;
        this.addedNanos = NONE;
    }

    /** The timer fired but the instance did not become MASTER (a sync group held it back, a race). */
    void abandon() {
        firedNanos = NONE;
    }

    /** Whether a takeover is being traced (the timer fired, no announcement sent yet). */
    boolean active() {
        return firedNanos != NONE;
    }

    void advertSent(long nowNanos) {
        if (active() && advertNanos == NONE) {
            advertNanos = nowNanos;
        }
    }

    void vipsAdded(long nowNanos) {
        if (active() && addedNanos == NONE) {
            addedNanos = nowNanos;
        }
    }

    /**
     * The first announcement went out at {@code nowNanos}: ends the trace, logs its steps and returns the takeover
     * time (timer fired to announcement), or -1 when no takeover was being traced.
     */
    long announced(String instance, long nowNanos) {
        if (!active()) {
            return -1;
        }
        long total = nowNanos - firedNanos;
        if (LOG.isDebugEnabled()) {
            LOG.debug("({}) takeover: timer fired {} µs after its deadline; advert +{} µs, VIPs added +{} µs, "
                            + "first gratuitous ARP/NA +{} µs", instance, micros(firedNanos - dueNanos),
                    since(advertNanos), since(addedNanos), micros(total));
        }
        firedNanos = NONE;
        return total;
    }

    private long since(long stamp) {
        return stamp == NONE ? -1 : micros(stamp - firedNanos);
    }

    private static long micros(long nanos) {
        return nanos / 1_000;
    }
}
