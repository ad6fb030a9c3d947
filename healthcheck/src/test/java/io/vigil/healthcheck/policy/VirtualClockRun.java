package io.vigil.healthcheck.policy;

import io.vigil.healthcheck.check.CheckResult;
import io.vigil.healthcheck.event.PoolEvent;
import io.vigil.healthcheck.spec.ScriptSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.random.RandomGenerator;

/**
 * Drives a {@link VirtualServerPolicy} on a virtual clock: each requested probe starts at its due time and completes
 * after the duration the test's world model says, with the result it says. Records every event with its time.
 */
final class VirtualClockRun {

    /** The world: what a probe started at {@code startNanos} returns and how long it takes. */
    interface World {
        Outcome probe(int realServer, int check, long startNanos);
    }

    record Outcome(CheckResult result, long durationNanos) {
    }

    record Timed(long atNanos, PoolEvent event) {
    }

    record Completion(ProbeDue due, long endNanos, CheckResult result) {
    }

    final VirtualServerPolicy policy;
    final List<Timed> events = new ArrayList<>();
    final List<ScriptSpec> scripts = new ArrayList<>();
    final List<ProbeDue> started = new ArrayList<>();
    private final PriorityQueue<Object[]> queue = new PriorityQueue<>(Comparator.comparingLong(o -> (long) o[0]));
    private final World world;
    long now;

    VirtualClockRun(VirtualServerPolicy policy, World world, RandomGenerator random) {
        this.policy = policy;
        this.world = world;
        record(policy.start(0, random));
    }

    private void record(PolicyStep step) {
        step.events().forEach(e -> events.add(new Timed(now, e)));
        scripts.addAll(step.scripts());
        for (ProbeDue due : step.probes()) {
            queue.add(new Object[] {due.atNanos(), due});
        }
    }

    /** Runs every start and completion due up to {@code untilNanos}. */
    void runUntil(long untilNanos) {
        while (!queue.isEmpty() && (long) queue.peek()[0] <= untilNanos) {
            Object[] head = queue.poll();
            now = (long) head[0];
            if (head[1] instanceof ProbeDue due) {
                started.add(due);
                Outcome o = world.probe(due.realServer(), due.check(), now);
                queue.add(new Object[] {now + o.durationNanos(), new Completion(due, now + o.durationNanos(),
                        o.result())});
            } else {
                Completion c = (Completion) head[1];
                record(policy.onResult(c.due().realServer(), c.due().check(), c.result(), now));
            }
        }
        now = untilNanos;
    }

    <T extends PoolEvent> List<Timed> eventsOf(Class<T> type) {
        return events.stream().filter(t -> type.isInstance(t.event())).toList();
    }
}
