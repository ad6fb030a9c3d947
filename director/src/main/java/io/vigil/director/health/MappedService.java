package io.vigil.director.health;

import io.vigil.director.config.VirtualServer;
import io.vigil.healthcheck.spec.VirtualServerSpec;

/**
 * One virtual_server and the spec its health checks run.
 *
 * @param model the parsed block
 * @param spec  what the health checks run; {@code spec.name()} is unique in the daemon
 */
public record MappedService(VirtualServer model, VirtualServerSpec spec) {
}
