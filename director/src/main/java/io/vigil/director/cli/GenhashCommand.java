package io.vigil.director.cli;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.vigil.healthcheck.check.CheckTransport;
import io.vigil.healthcheck.check.GenHash;
import io.vigil.healthcheck.check.HttpFetch;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code vigil genhash}: keepalived's genhash(1). Fetches one URL as HTTP_GET / SSL_GET does and prints the MD5 of
 * the body, the value for a {@code url}'s {@code digest}. Like genhash 2.2 it prints only the hex digest; with
 * {@code -v} it also prints the request, the status, the body length, {@code MD5SUM = <hex>} and the response time.
 * Exit codes: 0 digest printed, 1 the fetch failed (refused, timeout, TLS, bad response), 2 bad command line.
 * Threading: runs on the caller's thread with a private one-thread event loop, shut down before returning.
 */
@Command(name = "genhash",
        description = {"Print the MD5 digest of a URL's body, the value for a url's digest in HTTP_GET/SSL_GET "
                + "(keepalived's genhash). The body is hashed raw, cut at Content-Length."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:digest printed", "1:the fetch failed (connect_refused, timeout, tls_handshake, no_data, "
                + "bad_response)", "2:bad command line"})
final class GenhashCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-s", "--server"}, paramLabel = "ADDRESS", description = "IPv4 or IPv6 address of the server (no name lookup).")
    String server;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "TCP port, 1-65535.")
    String port;

    @Option(names = {"-u", "--url"}, paramLabel = "PATH", description = "Path to fetch, e.g. /health.")
    String path;

    @Option(names = {"-S", "--use-ssl"}, description = "Fetch over TLS (certificates are not verified, as keepalived does).")
    boolean tls;

    @Option(names = {"-I", "--use-sni"}, description = "Send the virtualhost as TLS SNI.")
    boolean sni;

    @Option(names = {"-V", "--use-virtualhost"}, paramLabel = "HOST", description = "Host header (default ADDRESS:PORT).")
    String virtualhost;

    @Option(names = {"-P", "--protocol"}, paramLabel = "1.0|1.0C|1.1",
            description = "HTTP version; 1.0C adds Connection: close (default 1.0).")
    String protocol;

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", description = "Connect and read timeout (default 5).")
    String timeout;

    @Option(names = {"-v", "--verbose"}, description = "Also print the status, body length, MD5SUM and response time.")
    boolean verbose;

    @Option(names = {"-m", "--fwmark"}, paramLabel = "MARK", hidden = true)
    String fwmark;

    /** The options given, validated. */
    GenhashOptions.Parsed options() {
        if (fwmark != null) {
            return new GenhashOptions.Bad("option --fwmark (firewall mark) is not supported by vigil genhash");
        }
        return GenhashOptions.of(server, port, path, tls, sni, virtualhost, protocol, timeout, verbose);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GenhashOptions options;
        switch (options()) {
            case GenhashOptions.Bad bad -> {
                throw new ParameterException(spec.commandLine(), bad.message());
            }
            case GenhashOptions.Ok ok -> options = ok.options();
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            return fetch(new GenHash(CheckTransport.nio(group)), options, out, err);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static int fetch(GenHash genhash, GenhashOptions o, PrintWriter out, PrintWriter err) {
        String what = "GET " + o.path() + " from " + (o.tls() ? "https" : "http") + "://" + authority(o);
        if (o.verbose()) {
            out.printf("%s %s (Host: %s)%n", what, o.protocol().requestVersion(),
                    o.virtualhost().orElse(authority(o)));
        }
        long start = System.nanoTime();
        HttpFetch fetch;
        try {
            // Connect, TLS handshake and read each have the timeout; the future always completes by then.
            fetch = genhash.fetch(o.server(), o.path(), o.tls(), o.virtualhost(), o.sni(), o.protocol(),
                    o.timeoutNanos()).get(3 * o.timeoutNanos() + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            err.printf("vigil genhash: %s failed (timeout): no outcome within %d s%n", what,
                    TimeUnit.NANOSECONDS.toSeconds(3 * o.timeoutNanos()) + 1);
            return ExitCodes.FAILURE;
        } catch (ExecutionException e) {
            err.printf("vigil genhash: %s failed (internal): %s%n", what, e.getCause());
            return ExitCodes.FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.printf("vigil genhash: %s interrupted%n", what);
            return ExitCodes.FAILURE;
        }
        long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
        if (!fetch.ok()) {
            err.printf("vigil genhash: %s failed (%s): %s%n", what, fetch.failure().label(), fetch.detail());
            return ExitCodes.FAILURE;
        }
        if (o.verbose()) {
            out.printf("status %d, %d body bytes%n", fetch.statusCode(), fetch.bodyBytes());
            out.println("MD5SUM = " + fetch.md5Hex());
            out.printf("Global response time for [%s] = %d usecs%n", o.path(), micros);
        } else {
            out.println(fetch.md5Hex());
        }
        return ExitCodes.OK;
    }

    private static String authority(GenhashOptions o) {
        String ip = o.server().getAddress().getHostAddress();
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + o.server().getPort();
    }
}
