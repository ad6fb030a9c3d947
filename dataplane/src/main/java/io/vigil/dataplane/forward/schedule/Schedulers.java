package io.vigil.dataplane.forward.schedule;

import io.vigil.dataplane.api.SchedulerFlag;
import io.vigil.dataplane.api.Service;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Makes the {@link DestinationScheduler} a service names, with its scheduler flags applied: {@code flag-1}
 * ({@code sh-fallback}, {@code mh-fallback}) and {@code flag-2} ({@code sh-port}, {@code mh-port}). The other
 * schedulers read no flag; {@code ops} is the forwarder's business. Stateless; call it on the control path.
 */
public final class Schedulers {

    private Schedulers() {
    }

    /** A new scheduler, with no destinations yet, for {@code service}. */
    public static DestinationScheduler create(Service service) {
        boolean fallback = service.has(SchedulerFlag.FLAG_1);
        boolean hashPort = service.has(SchedulerFlag.FLAG_2);
        return switch (service.scheduler()) {
            case RR -> new RoundRobinScheduler();
            case WRR -> new WeightedRoundRobinScheduler();
            case LC -> new LeastConnectionScheduler();
            case WLC -> new WeightedLeastConnectionScheduler();
            case LBLC -> new LocalityLeastConnectionScheduler();
            case LBLCR -> new LocalityReplicatedScheduler();
            case DH -> new DestinationHashScheduler();
            case SH -> new SourceHashScheduler(hashPort, fallback);
            case SED -> new ShortestExpectedDelayScheduler();
            case NQ -> new NeverQueueScheduler();
            case FO -> new WeightedFailoverScheduler();
            case OVF -> new WeightedOverflowScheduler();
            case MH -> new MaglevScheduler(hashPort, fallback);
            case TWOS -> new TwoChoicesScheduler(new SplittableRandom(seed(service)));
        };
    }

    /**
     * twos's seed: a fixed function of the service's key (its text, hashed with FNV-1a), so a service draws the same
     * sequence on every run and in tests.
     */
    static long seed(Service service) {
        long h = 0xcbf29ce484222325L;
        for (byte b : service.key().toString().getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xFF)) * 0x100000001b3L;
        }
        return h;
    }
}
