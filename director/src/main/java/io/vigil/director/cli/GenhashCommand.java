package io.vigil.director.cli;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.vigil.healthcheck.check.CheckTransport;
import io.vigil.healthcheck.check.GenHash;
import io.vigil.healthcheck.check.HttpFetch;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code vigil genhash}: keepalived's genhash(1). Fetches one URL as HTTP_GET / SSL_GET does and prints the MD5 of
 * the body, the value for a {@code url}'s {@code digest}. Like genhash 2.2 it prints only the hex digest; with
 * {@code -v} it also prints the request, the status, the body length, {@code MD5SUM = <hex>} and the response time.
 * Exit codes: 0 digest printed, 1 the fetch failed (refused, timeout, TLS, bad response), 2 bad command line.
 * Threading: runs on the caller's thread with a private one-thread event loop, shut down before returning.
 */
final class GenhashCommand implements Command {

    @Override
    public String name() {
        return "genhash";
    }

    @Override
    public String summary() {
        return "print the MD5 digest of a URL's body for HTTP_GET/SSL_GET (keepalived's genhash)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        GenhashOptions options;
        switch (GenhashOptions.parse(args)) {
            case GenhashOptions.Help h -> {
                out.println(GenhashOptions.USAGE);
                return ExitCodes.OK;
            }
            case GenhashOptions.Bad bad -> {
                err.println("vigil genhash: " + bad.message());
                err.println(GenhashOptions.USAGE);
                return ExitCodes.USAGE;
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

    private static int fetch(GenHash genhash, GenhashOptions o, PrintStream out, PrintStream err) {
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
