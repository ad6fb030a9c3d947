/** The daemon's Unix control socket (mode 0600) and its one-request-per-connection client, used by {@code vigil status} and {@code vigil list}. */
package io.vigil.director.control;
