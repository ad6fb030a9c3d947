package io.vigil.vrrp.io;

import io.vigil.vrrp.fsm.AdvertReceived;
import io.vigil.vrrp.fsm.VrrpEvent;
import io.vigil.vrrp.wire.AdvertProfile;
import io.vigil.vrrp.wire.AdvertValidator;
import io.vigil.vrrp.wire.VrrpCheck;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VRRP loop's receive path: what a receiver accepted becomes an {@link AdvertReceived} for the instance of
 * that VRID, with keepalived's receive counters (advert_rcvd, pri_zero_rcvd, addr_list_err); what it rejected is
 * counted under its {@link VrrpCheck} and logged.
 *
 * <p>Threading: the VRRP loop thread only.
 */
final class AdvertIntake {

    private static final Logger LOG = LoggerFactory.getLogger(VrrpLoop.class);

    /** Delivers an event to an instance (or its sync group) and carries out the actions. */
    @FunctionalInterface
    interface Dispatcher {
        void dispatch(long nowNanos, String instance, VrrpEvent event);
    }

    private final Map<String, InstanceStats> counters;
    private final BooleanSupplier running;
    private final Dispatcher dispatcher;
    private final BiFunction<AdvertReceiver, AdvertProfile, String> instanceFor;
    /** Each instance's last advert event, reused while its master says the same (no allocation per advert). */
    private final Map<String, LastAdvert> lastAdvert = new HashMap<>();

    /**
     * @param counters    the live counters by instance name
     * @param running     whether adverts are acted on (between start and stop)
     * @param instanceFor the instance a receiver holds for a profile's VRID, or null
     */
    AdvertIntake(Map<String, InstanceStats> counters, BooleanSupplier running, Dispatcher dispatcher,
                 BiFunction<AdvertReceiver, AdvertProfile, String> instanceFor) {
        this.counters = counters;
        this.running = running;
        this.dispatcher = dispatcher;
        this.instanceFor = instanceFor;
    }

    /** The sink of {@code receiver} (built once per receiver, not per wake-up). */
    AdvertReceiver.Sink sink(AdvertReceiver receiver) {
        return new AdvertReceiver.Sink() {
            @Override
            public void accepted(AdvertValidator v) {
                onAdvert(receiver, v);
            }

            @Override
            public void rejected(VrrpCheck check, AdvertProfile profile, AdvertValidator v) {
                onRejected(receiver, check, profile, v);
            }
        };
    }

    private void onAdvert(AdvertReceiver receiver, AdvertValidator v) {
        String name = instanceFor.apply(receiver, v.profile());
        if (name == null || !running.getAsBoolean()) {
            return;
        }
        InstanceStats c = counters.get(name);
        c.increment(VrrpCounter.ADVERT_RCVD);
        int priority = v.packet().priority();
        if (priority == 0) {
            c.increment(VrrpCounter.PRI_ZERO_RCVD);
        }
        if (v.lastCheck() == VrrpCheck.ADDRESS_LIST_MISMATCH) {
            c.increment(VrrpCounter.ADDR_LIST_ERR);
            LOG.warn("({}) advert from {}: {}", name, v.sourceAddress().getHostAddress(), v.diagnostic());
        }
        dispatcher.dispatch(System.nanoTime(), name, event(name, v, priority));
    }

    /** The event for this advert: the instance's last one when source, priority and interval are the same. */
    private AdvertReceived event(String instance, AdvertValidator v, int priority) {
        int interval = v.packet().advertIntervalCentis();
        LastAdvert last = lastAdvert.get(instance);
        if (last != null && last.event.priority() == priority && last.event.advertIntervalCentis() == interval
                && last.sourceHigh == v.sourceHigh() && last.sourceLow == v.sourceLow()) {
            return last.event;
        }
        AdvertReceived next = new AdvertReceived(v.sourceAddress(), priority, interval);
        lastAdvert.put(instance, new LastAdvert(next, v.sourceHigh(), v.sourceLow()));
        return next;
    }

    /** An instance's last advert event and its source as words. */
    private record LastAdvert(AdvertReceived event, long sourceHigh, long sourceLow) {
    }

    private void onRejected(AdvertReceiver receiver, VrrpCheck check, AdvertProfile profile, AdvertValidator v) {
        if (profile == null) {
            LOG.debug("dropped packet on {}: {}", receiver.interfaceName(), v.diagnostic());
            return;
        }
        String name = instanceFor.apply(receiver, profile);
        if (name != null) {
            counters.get(name).increment(VrrpCounter.of(check));
            LOG.warn("({}) dropped advert: {}", name, v.diagnostic());
        }
    }
}
