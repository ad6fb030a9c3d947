package io.vigil.healthcheck.check;

/**
 * What a probe result does to its real server's weight: MISC_CHECK with misc_dynamic sets it, FILE_CHECK adds to it
 * (check_misc.c {@code cur_weight}; check_file.c {@code set_track_file_weights}).
 *
 * @param kind  how {@code value} applies
 * @param value the weight ({@link Kind#ABSOLUTE}) or the delta added to the configured weight ({@link Kind#RELATIVE})
 */
public record WeightEffect(Kind kind, long value) {

    /** How a weight effect applies. */
    public enum Kind {
        /** The checker's contribution stays as it was. */
        KEEP,
        /** The real server's weight becomes the value (misc_dynamic exit 2..255 gives exit − 2). */
        ABSOLUTE,
        /** The value is added to the configured weight (FILE_CHECK; misc_dynamic exit 0 gives 0). */
        RELATIVE
    }

    /** Leaves the checker's weight contribution as it was. */
    public static final WeightEffect KEEP = new WeightEffect(Kind.KEEP, 0);

    public WeightEffect {
        if (kind == null) {
            throw new IllegalArgumentException("kind must be given");
        }
    }

    /** The real server's weight becomes {@code weight}. */
    public static WeightEffect absolute(int weight) {
        return new WeightEffect(Kind.ABSOLUTE, weight);
    }

    /** {@code delta} is added to the real server's configured weight. */
    public static WeightEffect relative(long delta) {
        return new WeightEffect(Kind.RELATIVE, delta);
    }
}
