package io.vigil.dataplane.forward.schedule;

import io.vigil.dataplane.forward.Destination;
import io.vigil.dataplane.forward.Flow;
import java.util.List;

/**
 * {@code wrr} (ip_vs_wrr.c): passes over the list with a falling weight threshold {@code cw}, from the maximum
 * weight down to 1 in steps of the weights' greatest common divisor; each pass takes the destinations whose weight
 * reaches {@code cw}. Weights 3:1:1 give A A A B C per cycle. A change of destinations restarts the walk at the list
 * head and keeps {@code cw} where IPVS's {@code ip_vs_wrr_dest_changed} keeps it. Owned by the worker thread.
 */
public final class WeightedRoundRobinScheduler implements DestinationScheduler {

    private static final int HEAD = -1;
    private static final int NO_STOP = -2;

    private Destination[] destinations = new Destination[0];
    /** Index of the destination picked last, or {@link #HEAD}. */
    private int current = HEAD;
    /** The weight a destination needs in this pass. */
    private int currentWeight;
    /** The first pass's threshold: the maximum weight less (step - 1), so that the last pass is at 1. */
    private int maxWeight;
    /** The step: the greatest common divisor of the weights above 0. */
    private int step = 1;

    @Override
    public void destinationsChanged(List<Destination> newDestinations) {
        destinations = newDestinations.toArray(new Destination[0]);
        current = HEAD;
        int gcd = 0;
        int max = 0;
        for (Destination d : destinations) {
            int w = d.weight();
            if (w > 0) {
                gcd = gcd == 0 ? w : gcd(w, gcd);
            }
            max = Math.max(max, w);
        }
        step = gcd == 0 ? 1 : gcd;
        maxWeight = max - (step - 1);
        if (currentWeight > maxWeight || currentWeight == 0) {
            currentWeight = maxWeight;
        } else if (step > 1) {
            currentWeight = (currentWeight / step) * step + 1;
        }
    }

    @Override
    public Destination schedule(Flow flow) {
        if (maxWeight == 0) {
            return null;
        }
        int n = destinations.length;
        int at = current;
        int last = current;
        int stop = NO_STOP;
        boolean lastPass = false;
        boolean restarted = false;
        while (true) {
            for (at = at + 1; at < n; at++) {
                Destination d = destinations[at];
                if (d.available() && d.weight() >= currentWeight) {
                    current = at;
                    return d;
                }
                if (at == stop) {
                    current = at;
                    return null;
                }
            }
            at = HEAD;
            currentWeight -= step;
            if (currentWeight <= 0) {
                currentWeight = maxWeight;
                // A full pass for weight >= 1 over every destination found nothing.
                if (lastPass || last == HEAD) {
                    current = HEAD;
                    return null;
                }
                restarted = true;
            }
            lastPass = currentWeight <= step;
            if (lastPass && restarted && last != HEAD) {
                // The pass for weight >= 1 covered only the destinations after 'last': finish at 'last'.
                stop = last;
            }
        }
    }

    static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
