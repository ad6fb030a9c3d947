package io.vigil.healthcheck.spec;

import java.util.BitSet;

/**
 * The accepted HTTP status codes of one {@code url}, as a set of 100..599 (check_http.c {@code status_code_handler};
 * check_http.h L50-51). The default when none is configured is 200-299.
 */
public final class StatusCodes {

    /** Lowest status code keepalived accepts, HTTP_STATUS_CODE_MIN (check_http.h L50). */
    public static final int MIN = 100;
    /** Highest status code keepalived accepts, HTTP_STATUS_CODE_MAX (check_http.h L51). */
    public static final int MAX = 599;

    private final BitSet codes;

    private StatusCodes(BitSet codes) {
        this.codes = codes;
    }

    /** keepalived's default, 200-299 (keepalived.conf(5) HTTP_GET url). */
    public static StatusCodes defaults() {
        BitSet set = new BitSet();
        set.set(200, 300);
        return new StatusCodes(set);
    }

    /**
     * Parses keepalived's {@code status_code} arguments, e.g. {@code "200-299 301"}.
     *
     * @throws IllegalArgumentException naming the bad token and the expected form
     */
    public static StatusCodes parse(String text) {
        BitSet set = new BitSet();
        for (String token : text.trim().split("\\s+")) {
            int dash = token.indexOf('-');
            int min;
            int max;
            try {
                min = Integer.parseInt(dash < 0 ? token : token.substring(0, dash));
                max = dash < 0 ? min : Integer.parseInt(token.substring(dash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("status_code: found '" + token + "', expected N or N-M");
            }
            if (min < MIN || max > MAX || min > max) {
                throw new IllegalArgumentException("status_code: found '" + token + "', expected codes within "
                        + MIN + ".." + MAX + " with N <= M");
            }
            set.set(min, max + 1);
        }
        return new StatusCodes(set);
    }

    /** Whether {@code status} is accepted. */
    public boolean accepts(int status) {
        return status >= MIN && status <= MAX && codes.get(status);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StatusCodes that && codes.equals(that.codes);
    }

    @Override
    public int hashCode() {
        return codes.hashCode();
    }

    @Override
    public String toString() {
        return "StatusCodes" + codes;
    }
}
