package io.vigil.dataplane.forward.schedule;

import io.vigil.dataplane.forward.Destination;
import io.vigil.dataplane.forward.Flow;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * {@code twos} (ip_vs_twos.c): the power of two random choices. Two destinations are drawn at random in proportion
 * to their weights (two random numbers in {@code [0, total weight]}, each walking the list subtracting weights until
 * it reaches 0 or below), and the one with the smaller overhead per weight wins; on a tie the first draw. The
 * generator is given, so a seeded one makes the choices reproducible. Owned by the worker thread.
 */
public final class TwoChoicesScheduler extends ListOrderScheduler {

    private final SplittableRandom random;

    /** @param random the draws; {@code nextInt} does not allocate */
    public TwoChoicesScheduler(SplittableRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public Destination schedule(Flow flow) {
        long totalWeight = 0;
        for (Destination d : destinations) {
            if (d.available()) {
                totalWeight += d.weight();
            }
        }
        if (totalWeight == 0) {
            return null;
        }
        // Inclusive of the total, as IPVS draws: a draw of 0 lands on the first available destination.
        long draw1 = random.nextLong(totalWeight + 1);
        long draw2 = random.nextLong(totalWeight + 1);
        Destination choice1 = null;
        Destination choice2 = null;
        for (Destination d : destinations) {
            if (!d.available()) {
                continue;
            }
            draw1 -= d.weight();
            draw2 -= d.weight();
            if (draw1 <= 0 && choice1 == null) {
                choice1 = d;
            }
            if (draw2 <= 0 && choice2 == null) {
                choice2 = d;
            }
            if (choice1 != null && choice2 != null) {
                break;
            }
        }
        if (choice2.weight() * choice1.overhead() > choice1.weight() * choice2.overhead()) {
            return choice2;
        }
        return choice1;
    }
}
