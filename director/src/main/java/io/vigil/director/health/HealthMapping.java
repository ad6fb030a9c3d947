package io.vigil.director.health;

import io.vigil.director.config.VirtualServer;
import io.vigil.healthcheck.spec.VirtualServerSpec;
import java.util.List;

/**
 * The health-check specs of a configuration, each with the virtual_server it came from, and what could not be
 * mapped (each warning names the block's position and what was skipped).
 *
 * @param services  one entry per virtual_server, in file order
 * @param warnings  operator-facing warnings
 */
public record HealthMapping(List<MappedService> services, List<String> warnings) {

    public HealthMapping {
        services = List.copyOf(services);
        warnings = List.copyOf(warnings);
    }

    /** The specs alone, in file order. */
    public List<VirtualServerSpec> specs() {
        return services.stream().map(MappedService::spec).toList();
    }
}
