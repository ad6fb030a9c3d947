package io.vigil.healthcheck.check;

import io.vigil.healthcheck.spec.HttpCheck;
import io.vigil.healthcheck.spec.UrlCheck;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * HTTP_GET / SSL_GET: GETs every URL in turn, one connection each, and passes when all answer with an accepted status
 * and, where configured, the expected genhash digest (check_http.c {@code http_handle_response}). Unlike keepalived,
 * which spreads the URLs of a recovering checker over several delay_loops, all URLs are probed each time (the effect
 * of {@code fast_recovery}); retries are the policy's business. Stateless between probes.
 */
public final class HttpChecker implements Checker {

    private final HttpCheck spec;
    private final HttpFetcher fetcher;
    /** Each url's request, built once (keepalived's request template). */
    private final byte[][] requests;
    private final String passedDetail;

    public HttpChecker(CheckTransport transport, HttpCheck spec) {
        this.spec = spec;
        this.fetcher = new HttpFetcher(transport);
        this.requests = spec.urls().stream()
                .map(url -> HttpFetcher.request(spec.protocol(), url.path(), spec.hostHeader(url)))
                .toArray(byte[][]::new);
        this.passedDetail = spec.urls().size() + " url(s) passed on " + spec.connect().target();
    }

    @Override
    public CompletableFuture<CheckResult> probe() {
        Attempt attempt = new Attempt();
        AtomicReference<CompletableFuture<HttpFetch>> current = new AtomicReference<>();
        attempt.future().whenComplete((r, e) -> {
            CompletableFuture<HttpFetch> inFlight = current.get();
            if (inFlight != null) {
                inFlight.cancel(false);
            }
        });
        next(attempt, current, 0);
        return attempt.future();
    }

    private void next(Attempt attempt, AtomicReference<CompletableFuture<HttpFetch>> current, int index) {
        if (attempt.done()) {
            return;
        }
        if (index == spec.urls().size()) {
            attempt.succeed(passedDetail);
            return;
        }
        UrlCheck url = spec.urls().get(index);
        CompletableFuture<HttpFetch> fetch = fetcher.fetch(spec.connect(), spec.tls(), spec.sniFor(url),
                requests[index]);
        current.set(fetch);
        fetch.whenComplete((f, e) -> {
            if (e != null) {
                attempt.fail(FailureReason.INTERNAL, url.path() + ": " + e);
            } else if (!f.ok()) {
                attempt.fail(f.failure(), url.path() + ": " + f.detail());
            } else if (!url.statusCodes().accepts(f.statusCode())) {
                attempt.fail(FailureReason.BAD_STATUS, url.path() + ": status " + f.statusCode()
                        + ", expected " + url.statusCodes());
            } else if (url.digest().isPresent() && !url.digest().get().equals(f.md5Hex())) {
                attempt.fail(FailureReason.BAD_DIGEST, url.path() + ": digest " + f.md5Hex() + ", expected "
                        + url.digest().get());
            } else {
                next(attempt, current, index + 1);
            }
        });
    }

    @Override
    public long deadlineNanos() {
        // connect, handshake and read each bounded by connect_timeout, per URL
        return 3 * spec.connect().connectTimeoutNanos() * spec.urls().size();
    }

    @Override
    public String keyword() {
        return spec.keyword();
    }
}
