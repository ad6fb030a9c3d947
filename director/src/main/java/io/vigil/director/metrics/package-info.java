/** The Prometheus endpoint: Micrometer's registry served by Netty, with keepalived-exporter and node_exporter IPVS metric names. */
package io.vigil.director.metrics;
