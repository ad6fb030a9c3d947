package io.vigil.dataplane.sync;

/**
 * When a master syncs a connection: IPVS's sysctls {@code sync_threshold} (threshold, period),
 * {@code sync_refresh_period} and {@code sync_retries} (Documentation/networking/ipvs-sysctl.rst).
 *
 * @param threshold            a connection is synced when its inbound packet count modulo {@code period} equals this
 * @param period               see {@code threshold}; 0: only at exactly {@code threshold} packets (or by refresh)
 * @param refreshPeriodSeconds 0, or: sync again once the connection's expiry moved this much (or half its timeout,
 *                             if that is less, at least 10 s) since the last sync, so a backup never lets a
 *                             long-lived connection expire before the master does
 * @param retries              0..3: repeats of a refresh sync, every refresh period / 8
 */
public record SyncThresholds(int threshold, int period, int refreshPeriodSeconds, int retries) {

    /** IPVS's defaults: "3 50", refresh 0, retries 0. */
    public static final SyncThresholds IPVS_DEFAULTS = new SyncThresholds(3, 50, 0, 0);

    public SyncThresholds {
        if (period < 0 || threshold < 0 || (period > 0 && threshold >= period) || refreshPeriodSeconds < 0
                || retries < 0 || retries > 3) {
            throw new IllegalArgumentException("sync threshold " + threshold + " " + period + ", refresh "
                    + refreshPeriodSeconds + ", retries " + retries
                    + "; expected 0 <= threshold < period (or period 0), refresh >= 0, retries 0..3");
        }
    }
}
