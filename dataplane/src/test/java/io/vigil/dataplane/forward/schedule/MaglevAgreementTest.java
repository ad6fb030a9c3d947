package io.vigil.dataplane.forward.schedule;

import static io.vigil.dataplane.forward.schedule.Fixture.destination;
import static io.vigil.dataplane.forward.schedule.Fixture.fromNumber;
import static io.vigil.dataplane.forward.schedule.Fixture.over;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.forward.Destination;
import io.vigil.dataplane.forward.Flow;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Active-active directors agree (issue 13): the {@code mh} table depends only on the real servers' addresses, ports
 * and weights, so another JVM (another director) builds the same one from the pool in another order, and a real
 * server that two directors see differently for a moment disturbs the flows of that real server only.
 */
class MaglevAgreementTest {

    /** Mixed weights, IPv4 and IPv6, in configuration order. */
    private static final List<String> POOL = List.of("198.18.1.4/80/2", "198.18.1.1/80/1", "fd00::7/80/3",
            "198.18.1.3/8080/1", "198.18.1.2/80/5");

    private static List<Destination> destinations(List<String> specs) {
        List<Destination> out = new ArrayList<>();
        for (String spec : specs) {
            String[] parts = spec.split("/");
            out.add(destination(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), 0));
        }
        return out;
    }

    @Test
    void anotherJvmBuildsTheSameTableFromThePoolInAnotherOrder() throws Exception {
        MaglevScheduler here = new MaglevScheduler(false, false);
        here.destinationsChanged(destinations(POOL));
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", classPath(), MaglevTableDump.class.getName()));
        command.addAll(POOL.reversed());
        Process other = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(other.waitFor(60, TimeUnit.SECONDS), "the other JVM did not finish");
        String output = new String(other.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertEquals(0, other.exitValue(), output);
        assertEquals(MaglevTableDump.digest(here), output, "the other JVM's table");

        MaglevScheduler otherWeights = new MaglevScheduler(false, false);
        otherWeights.destinationsChanged(destinations(POOL.stream().map(s -> s.replace("/80/5", "/80/4")).toList()));
        assertNotEquals(MaglevTableDump.digest(here), MaglevTableDump.digest(otherWeights),
                "a different weight makes a different table (the digest sees the difference)");
    }

    /** This JVM's class path and module path as one class path: the forked JVM loads the same classes. */
    private static String classPath() {
        List<String> parts = new ArrayList<>();
        for (String key : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(key);
            if (value != null && !value.isBlank()) {
                parts.add(value);
            }
        }
        return String.join(File.pathSeparator, parts);
    }

    private static List<Flow> clients(long seed, int n) {
        Random random = new Random(seed);
        List<Flow> flows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            flows.add(fromNumber(random.nextInt(), 1024 + random.nextInt(60000)));
        }
        return flows;
    }

    private static InetSocketAddress pick(MaglevScheduler mh, Flow f) {
        Destination d = mh.schedule(f);
        return d == null ? null : d.config().address();
    }

    @Test
    void aRealServerQuiescedOnOneDirectorFirstDisturbsOnlyItsOwnFlows() {
        // Director B's checks saw 198.18.1.3 fail first (inhibit_on_failure: weight 0); A still has it at weight 1.
        Destination[] a = {destination(1, 1), destination(2, 1), destination(3, 1), destination(4, 1)};
        Destination[] b = {destination(1, 1), destination(2, 1), destination(3, 1), destination(4, 1)};
        MaglevScheduler directorA = over(new MaglevScheduler(true, true), a);
        MaglevScheduler directorB = over(new MaglevScheduler(true, true), b);
        Fixture.reweigh(b[2], 0);
        directorB.destinationsChanged(List.of(b));
        int itsFlows = 0;
        for (Flow f : clients(13, 20_000)) {
            InetSocketAddress onA = pick(directorA, f);
            if (onA.equals(a[2].config().address())) {
                itsFlows++;
                assertNotEquals(onA, pick(directorB, f), "B sends none to the quiesced real server");
            } else {
                assertEquals(onA, pick(directorB, f), "a flow of another real server goes the same way on both");
            }
        }
        assertTrue(itsFlows > 20_000 / 5, "the quiesced real server had its share: " + itsFlows);
    }

    @Test
    void aRealServerMissingOnOneDirectorMovesItsFlowsAndUnderOnePercentOfTheRest() {
        // Without inhibit_on_failure B drops 198.18.1.3 from its pool, so B's table is rebuilt without it: Maglev
        // keeps all but a few of the other entries (NSDI 2016 §3.4), so almost every other flow agrees.
        Destination[] a = {destination(1, 1), destination(2, 1), destination(3, 1), destination(4, 1)};
        MaglevScheduler directorA = over(new MaglevScheduler(true, false), a);
        MaglevScheduler directorB = over(new MaglevScheduler(true, false), destination(4, 1), destination(1, 1),
                destination(2, 1));
        int others = 0;
        int disagree = 0;
        for (Flow f : clients(17, 20_000)) {
            InetSocketAddress onA = pick(directorA, f);
            InetSocketAddress onB = pick(directorB, f);
            if (!onA.equals(a[2].config().address())) {
                others++;
                disagree += onA.equals(onB) ? 0 : 1;
            }
        }
        assertTrue(disagree < others / 100, disagree + " of " + others + " other flows disagree");
    }
}
