/** The health-check benchmark (issue 5): thousands of TCP_CHECK and HTTP_GET real servers on one event loop against loopback servers. */
package io.vigil.healthcheck.bench;
