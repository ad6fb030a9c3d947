package io.vigil.director.listing;

import io.vigil.dataplane.api.Dataplane;
import io.vigil.dataplane.api.DataplaneStats;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Answers {@code vigil list} from the dataplane: the services ({@code ipvsadm -Ln}, {@code --stats},
 * {@code --rate}), the connection table ({@code -c}) or the timeouts ({@code --timeout}), as text or JSON.
 * Threading: any thread (it reads {@link Dataplane#stats()}, which is thread-safe, and an immutable rate snapshot).
 */
public final class DataplaneListing {

    private final Dataplane dataplane;
    private final Supplier<Rates> rates;

    /**
     * @param dataplane what to list
     * @param rates     the latest estimated rates, usually {@link RateEstimator#rates}
     */
    public DataplaneListing(Dataplane dataplane, Supplier<Rates> rates) {
        this.dataplane = dataplane;
        this.rates = rates;
    }

    /** The listing {@code options} ask for. */
    public CompletionStage<String> list(ListOptions options) {
        if (options.connections()) {
            return dataplane.connections().thenApply(options.json() ? ListingJson::connections : IpvsText::connections);
        }
        DataplaneStats stats = dataplane.stats();
        if (options.timeout()) {
            return CompletableFuture.completedFuture(options.json() ? ListingJson.timeouts(stats.timeouts())
                    : IpvsText.timeouts(stats.timeouts()));
        }
        return CompletableFuture.completedFuture(options.json() ? ListingJson.stats(stats, rates.get())
                : IpvsText.services(stats, rates.get(), options));
    }
}
