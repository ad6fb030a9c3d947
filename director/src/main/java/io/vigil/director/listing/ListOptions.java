package io.vigil.director.listing;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code vigil list} shows, parsed from ipvsadm's list options. Short letters may be bundled ({@code -Lnc}).
 * As in ipvsadm, {@code -c} wins over {@code --timeout}, {@code --stats} wins over {@code --rate}, and {@code -c} or
 * {@code --timeout} with {@code --stats} or {@code --rate} is a conflict. Names are always numeric, so {@code -n} is
 * accepted and changes nothing; {@code -L} and {@code -l} are accepted for ipvsadm's users. Immutable.
 *
 * @param stats       {@code --stats}: Conns, InPkts, OutPkts, InBytes, OutBytes
 * @param rate        {@code --rate}: CPS, InPPS, OutPPS, InBPS, OutBPS
 * @param exact       {@code -X}, {@code --exact}: counters without K/M/G/T
 * @param connections {@code -c}, {@code --connection}: the connection table
 * @param timeout     {@code --timeout}: the TCP, TCP FIN and UDP timeouts
 * @param json        {@code --json}: everything as one JSON document
 */
public record ListOptions(boolean stats, boolean rate, boolean exact, boolean connections, boolean timeout,
                          boolean json) {

    /** The plain {@code ipvsadm -Ln} listing. */
    public static final ListOptions DEFAULT = new ListOptions(false, false, false, false, false, false);

    /** The options {@code vigil list} accepts, for error messages. */
    public static final String ACCEPTED = "-n, -c, -X, --numeric, --connection, --stats, --rate, --exact, --timeout, --json";

    /** The options that change the listing, by their long name. */
    private enum Option {
        STATS("--stats"), RATE("--rate"), EXACT("--exact"), CONNECTION("--connection"), TIMEOUT("--timeout"),
        JSON("--json");

        private final String word;

        Option(String word) {
            this.word = word;
        }
    }

    /**
     * Parses {@code vigil list}'s options.
     *
     * @throws IllegalArgumentException naming the option that is unknown or conflicts, and what is accepted
     */
    public static ListOptions parse(List<String> args) {
        Set<Option> set = EnumSet.noneOf(Option.class);
        for (String arg : args) {
            if (arg.equals("--numeric") || arg.equals("--list") || arg.equals("--sort")) {
                continue;
            }
            Option named = null;
            for (Option o : Option.values()) {
                named = o.word.equals(arg) ? o : named;
            }
            if (named != null) {
                set.add(named);
            } else if (arg.length() >= 2 && arg.charAt(0) == '-' && arg.charAt(1) != '-') {
                for (int i = 1; i < arg.length(); i++) {
                    switch (arg.charAt(i)) {
                        case 'n', 'L', 'l' -> { }
                        case 'c' -> set.add(Option.CONNECTION);
                        case 'X' -> set.add(Option.EXACT);
                        default -> throw new IllegalArgumentException("unknown option '-" + arg.charAt(i) + "'"
                                + (arg.length() > 2 ? " in '" + arg + "'" : "") + "; expected " + ACCEPTED);
                    }
                }
            } else {
                throw new IllegalArgumentException("unknown option '" + arg + "'; expected " + ACCEPTED);
            }
        }
        boolean noServices = set.contains(Option.CONNECTION) || set.contains(Option.TIMEOUT);
        if (noServices && (set.contains(Option.STATS) || set.contains(Option.RATE))) {
            throw new IllegalArgumentException("options conflict: "
                    + (set.contains(Option.CONNECTION) ? "-c" : "--timeout") + " lists no services, so "
                    + (set.contains(Option.STATS) ? "--stats" : "--rate") + " does not apply (as in ipvsadm)");
        }
        return new ListOptions(set.contains(Option.STATS), set.contains(Option.RATE), set.contains(Option.EXACT),
                set.contains(Option.CONNECTION), set.contains(Option.TIMEOUT), set.contains(Option.JSON));
    }

    /** The canonical words sent to the daemon; {@link #parse} reads them back to an equal value. */
    public List<String> words() {
        boolean[] on = {stats, rate, exact, connections, timeout, json};
        return EnumSet.allOf(Option.class).stream().filter(o -> on[o.ordinal()]).map(o -> o.word).toList();
    }
}
