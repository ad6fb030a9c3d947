/** The {@code vigil run} daemon: state directory, startup and graceful shutdown, and the wiring of VRRP, health checks and the dataplane. */
package io.vigil.director.daemon;
