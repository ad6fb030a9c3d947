package io.vigil.healthcheck.event;

import io.vigil.healthcheck.check.CheckResult;

import java.util.Optional;

/**
 * One checker of a real server as {@code vigil list --json} shows it.
 *
 * @param keyword       e.g. {@code HTTP_GET}
 * @param up            the checker's state
 * @param lastResult    the last probe's result
 * @param failedChecks  probes that failed since start
 * @param retriesInFlight failed attempts counted toward {@code retry} right now
 */
public record CheckerView(String keyword, boolean up, Optional<CheckResult> lastResult, long failedChecks,
                          int retriesInFlight) {
}
