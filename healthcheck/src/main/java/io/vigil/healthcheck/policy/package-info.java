/** The one place that owns health policy: retries, alpha, weights, quorum, hysteresis and sorry servers (keepalived ipwrapper.c). */
package io.vigil.healthcheck.policy;
