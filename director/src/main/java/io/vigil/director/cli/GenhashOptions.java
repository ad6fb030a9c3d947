package io.vigil.director.cli;

import io.vigil.healthcheck.spec.HttpProtocol;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The command line of {@code vigil genhash}, spelled as keepalived's genhash(1) spells it (keepalived
 * genhash/main.c {@code parse_cmdline}): {@code -s SERVER -p PORT -u URL [-S] [-I] [-V HOST] [-P 1.0|1.0C|1.1]
 * [-t SECONDS] [-v]}, long forms accepted with a space or {@code =}.
 *
 * @param server       address and port fetched
 * @param path         the URL path, sent as is
 * @param tls          {@code -S}/{@code --use-ssl}
 * @param sni          {@code -I}/{@code --use-sni}: send the virtualhost as SNI
 * @param virtualhost  {@code -V}/{@code --use-virtualhost}: the Host header
 * @param protocol     {@code -P}/{@code --protocol}, default 1.0
 * @param timeoutNanos {@code -t}/{@code --timeout}, default 5 s (connect_timeout's default)
 * @param verbose      {@code -v}/{@code --verbose}
 */
record GenhashOptions(InetSocketAddress server, String path, boolean tls, boolean sni, Optional<String> virtualhost,
                      HttpProtocol protocol, long timeoutNanos, boolean verbose) {

    /** Default timeout, keepalived's connect_timeout default of 5 s (check_data.c {@code alloc_vs}). */
    static final long DEFAULT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);

    static final String USAGE = """
            usage: vigil genhash -s SERVER -p PORT -u URL [options]
              -s, --server ADDRESS          IPv4 or IPv6 address of the server (no name lookup)
              -p, --port PORT               TCP port, 1-65535
              -u, --url PATH                path to fetch, e.g. /health
              -S, --use-ssl                 fetch over TLS (certificates are not verified, as keepalived does)
              -I, --use-sni                 send the virtualhost as TLS SNI
              -V, --use-virtualhost HOST    Host header (default ADDRESS:PORT)
              -P, --protocol 1.0|1.0C|1.1   HTTP version and Connection: close (default 1.0)
              -t, --timeout SECONDS         connect and read timeout (default 5)
              -v, --verbose                 print the status, body length and response time
              -h, --help                    print this help""";

    /** A parse outcome: options, a request for help, or an error that says what was wrong. */
    sealed interface Parsed permits Ok, Help, Bad {
    }

    /** The options parsed. */
    record Ok(GenhashOptions options) implements Parsed {
    }

    /** {@code -h}/{@code --help}. */
    record Help() implements Parsed {
    }

    /** A bad command line: what was found and what was expected. */
    record Bad(String message) implements Parsed {
    }

    /** Parses {@code args}; never throws. */
    static Parsed parse(List<String> args) {
        String server = null;
        String port = null;
        String path = null;
        boolean tls = false;
        boolean sni = false;
        String virtualhost = null;
        HttpProtocol protocol = HttpProtocol.HTTP_1_0;
        long timeoutNanos = DEFAULT_TIMEOUT_NANOS;
        boolean verbose = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                inline = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            String option = arg;
            switch (option) {
                case "-h", "--help" -> {
                    return new Help();
                }
                case "-S", "--use-ssl" -> tls = true;
                case "-I", "--use-sni" -> sni = true;
                case "-v", "--verbose" -> verbose = true;
                case "-s", "--server", "-p", "--port", "-u", "--url", "-V", "--use-virtualhost", "-P", "--protocol",
                     "-t", "--timeout" -> {
                    String value = inline;
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            return new Bad("option " + option + " needs a value");
                        }
                        value = args.get(++i);
                    }
                    switch (option) {
                        case "-s", "--server" -> server = value;
                        case "-p", "--port" -> port = value;
                        case "-u", "--url" -> path = value;
                        case "-V", "--use-virtualhost" -> virtualhost = value;
                        case "-P", "--protocol" -> {
                            Optional<HttpProtocol> p = HttpProtocol.parse(value);
                            if (p.isEmpty()) {
                                return new Bad("--protocol '" + value + "': expected 1.0, 1.0C or 1.1");
                            }
                            protocol = p.get();
                        }
                        default -> {
                            Long seconds = positive(value);
                            if (seconds == null) {
                                return new Bad("--timeout '" + value + "': expected a whole number of seconds >= 1");
                            }
                            timeoutNanos = TimeUnit.SECONDS.toNanos(seconds);
                        }
                    }
                }
                case "-m", "--fwmark" -> {
                    return new Bad("option " + option + " (firewall mark) is not supported by vigil genhash");
                }
                default -> {
                    return new Bad("unknown option '" + args.get(i) + "'");
                }
            }
        }
        if (server == null || port == null || path == null) {
            return new Bad("-s SERVER, -p PORT and -u URL are all required; missing "
                    + String.join(", ", missing(server, port, path)));
        }
        InetAddress address;
        try {
            address = InetAddress.ofLiteral(server);
        } catch (IllegalArgumentException e) {
            return new Bad("--server '" + server + "': expected an IPv4 or IPv6 address");
        }
        Long portNumber = positive(port);
        if (portNumber == null || portNumber > 65535) {
            return new Bad("--port '" + port + "': expected a port number 1-65535");
        }
        if (!path.startsWith("/")) {
            return new Bad("--url '" + path + "': expected a path starting with /");
        }
        if (sni && virtualhost == null) {
            return new Bad("--use-sni needs --use-virtualhost HOST: SNI sends the virtualhost");
        }
        return new Ok(new GenhashOptions(new InetSocketAddress(address, portNumber.intValue()), path, tls, sni,
                Optional.ofNullable(virtualhost), protocol, timeoutNanos, verbose));
    }

    private static List<String> missing(String server, String port, String path) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        if (server == null) {
            out.add("-s");
        }
        if (port == null) {
            out.add("-p");
        }
        if (path == null) {
            out.add("-u");
        }
        return out;
    }

    private static Long positive(String text) {
        if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(Character::isDigit)) {
            return null;
        }
        long value = Long.parseLong(text);
        return value >= 1 ? value : null;
    }
}
