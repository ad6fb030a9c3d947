package io.vigil.director.cli;

import io.vigil.healthcheck.spec.HttpProtocol;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The validated options of {@code vigil genhash}, spelled as keepalived's genhash(1) spells them (keepalived
 * genhash/main.c {@code parse_cmdline}): {@code -s SERVER -p PORT -u URL [-S] [-I] [-V HOST] [-P 1.0|1.0C|1.1]
 * [-t SECONDS] [-v]}. {@link GenhashCommand} declares them to picocli; {@link #of} checks their values.
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

    /** A validation outcome: options, or an error that says what was wrong. */
    sealed interface Parsed permits Ok, Bad {
    }

    /** The options parsed. */
    record Ok(GenhashOptions options) implements Parsed {
    }

    /** A bad command line: what was found and what was expected. */
    record Bad(String message) implements Parsed {
    }

    /** Validates the values of genhash's options (null: not given); never throws. */
    static Parsed of(String server, String port, String path, boolean tls, boolean sni, String virtualhost,
                     String protocolName, String timeout, boolean verbose) {
        HttpProtocol protocol = HttpProtocol.HTTP_1_0;
        if (protocolName != null) {
            Optional<HttpProtocol> p = HttpProtocol.parse(protocolName);
            if (p.isEmpty()) {
                return new Bad("--protocol '" + protocolName + "': expected 1.0, 1.0C or 1.1");
            }
            protocol = p.get();
        }
        long timeoutNanos = DEFAULT_TIMEOUT_NANOS;
        if (timeout != null) {
            Long seconds = positive(timeout);
            if (seconds == null) {
                return new Bad("--timeout '" + timeout + "': expected a whole number of seconds >= 1");
            }
            timeoutNanos = TimeUnit.SECONDS.toNanos(seconds);
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
