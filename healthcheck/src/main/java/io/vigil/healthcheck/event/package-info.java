/** Immutable pool events sent on transitions only, and the live pool view of each virtual server. */
package io.vigil.healthcheck.event;
