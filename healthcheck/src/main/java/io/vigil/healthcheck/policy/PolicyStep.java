package io.vigil.healthcheck.policy;

import io.vigil.healthcheck.event.PoolEvent;
import io.vigil.healthcheck.spec.ScriptSpec;

import java.util.List;

/**
 * What the policy decided in one step: probes to schedule, scripts to run (notify_up/down, quorum_up/down) and
 * events to publish, in order.
 */
public record PolicyStep(List<ProbeDue> probes, List<ScriptSpec> scripts, List<PoolEvent> events) {

    public PolicyStep {
        probes = List.copyOf(probes);
        scripts = List.copyOf(scripts);
        events = List.copyOf(events);
    }
}
