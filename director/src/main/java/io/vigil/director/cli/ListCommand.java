package io.vigil.director.cli;

import io.vigil.director.listing.ListOptions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code vigil list}: the services and their real servers in {@code ipvsadm -Ln}'s formats, the connection table
 * ({@code -c}) or the timeouts, from the running daemon over its control socket. Options are ipvsadm's, short ones
 * bundled as ipvsadm bundles them ({@code -Lnc}); {@link ListOptions} checks their conflicts and makes the request
 * words. Addresses are always numeric, so {@code -n} is accepted and changes nothing.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List each virtual service and its real servers as ipvsadm -Ln does; or the connection "
                + "table (-c) or the timeouts (--timeout).",
            "As in ipvsadm, -c or --timeout with --stats or --rate is a conflict."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:listed", "1:no daemon", "2:bad command line"})
final class ListCommand extends ControlSocketCommand implements AcceptedOptions {

    @Option(names = {"-n", "--numeric"}, description = "Numeric addresses (always; accepted for ipvsadm's users).")
    boolean numeric;

    @Option(names = {"-L", "-l", "--list"}, hidden = true, description = "Accepted for ipvsadm's users.")
    boolean list;

    @Option(names = "--sort", hidden = true, description = "Accepted for ipvsadm's users (always sorted).")
    boolean sort;

    @Option(names = {"-c", "--connection"}, description = "The connection table, as ipvsadm -Lnc.")
    boolean connection;

    @Option(names = "--timeout", description = "The TCP, TCP FIN and UDP timeouts.")
    boolean timeout;

    @Option(names = "--stats", description = "Counters: Conns, InPkts, OutPkts, InBytes, OutBytes.")
    boolean stats;

    @Option(names = "--rate", description = "Rates: CPS, InPPS, OutPPS, InBPS, OutBPS.")
    boolean rate;

    @Option(names = {"-X", "--exact"}, description = "Counters without K/M/G/T.")
    boolean exact;

    @Option(names = "--json", description = "Everything as one JSON document: each service with its pool, health "
            + "and checks, counters and rates.")
    boolean json;

    @Override
    public String accepted() {
        return ListOptions.ACCEPTED;
    }

    @Override
    List<String> request() {
        List<String> words = new ArrayList<>();
        String[] names = {"--stats", "--rate", "--exact", "--connection", "--timeout", "--json"};
        boolean[] on = {stats, rate, exact, connection, timeout, json};
        for (int i = 0; i < names.length; i++) {
            if (on[i]) {
                words.add(names[i]);
            }
        }
        List<String> request = new ArrayList<>(List.of("list"));
        try {
            request.addAll(ListOptions.parse(words).words());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return request;
    }
}
