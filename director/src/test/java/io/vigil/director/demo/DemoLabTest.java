package io.vigil.director.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.director.lab.VigilPeer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code vigil demo} through the launcher, as README's first command runs it: traffic spread over both real servers
 * before and after a failover, requests failing only during the takeover, and nothing left behind.
 */
@Tag("netns")
class DemoLabTest {

    @Test
    void theDemoShowsTheClientFollowingTheNewMasterAndCleansUp() throws Exception {
        Process demo = new ProcessBuilder(VigilPeer.LAUNCHER.toString(), "demo").redirectErrorStream(true).start();
        String output = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(demo.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, demo.exitValue(), output);
        Matcher before = Pattern.compile("c reaches \\S+ at (\\S+) \\(a's MAC is (\\S+)\\)").matcher(output);
        Matcher after = Pattern.compile("c reaches \\S+ at (\\S+) \\(b's MAC is (\\S+)\\)").matcher(output);
        assertTrue(before.find() && after.find(), output);
        assertEquals(before.group(2), before.group(1), "before the failover the client must reach a");
        assertEquals(after.group(2), after.group(1), "after the failover the client must reach b");
        assertTrue(output.contains("b: MASTER after"), output);
        assertTrue(output.contains("through a: r1 5, r2 5"), "rr spreads 10 requests evenly through a\n" + output);
        assertTrue(output.contains("through b: r1 5, r2 5"), "rr spreads 10 requests evenly through b\n" + output);
        Matcher takeover = Pattern.compile("c: (\\d+) of (\\d+) requests failed during the takeover; requests succeed"
                + " again through b ([0-9.]+) s after a died; after: (.*)").matcher(output);
        assertTrue(takeover.find(), output);
        int failed = Integer.parseInt(takeover.group(1));
        assertTrue(failed >= 1 && failed < Integer.parseInt(takeover.group(2)),
                "requests fail while nobody holds the VIP, and only then\n" + output);
        assertTrue(Double.parseDouble(takeover.group(3)) < 10, output);
        assertTrue(takeover.group(4).matches("r1 \\d+, r2 \\d+"), "no failure after the takeover\n" + output);
        Matcher service = Pattern.compile("TCP  198\\.18\\.0\\.100:80\\s+(\\d+)\\s+\\d+\\s+(\\d+)").matcher(output);
        assertTrue(service.find(), "b's vigil list -n --stats\n" + output);
        assertTrue(Integer.parseInt(service.group(1)) >= 10, "b forwarded at least its 10 requests\n" + output);
        assertEquals("0", service.group(2), "DR: replies bypass the director\n" + output);
        Matcher dir = Pattern.compile("processes and (\\S+) removed").matcher(output);
        assertTrue(dir.find(), output);
        assertFalse(Files.exists(Path.of(dir.group(1))), "the demo's temp dir is removed");
        assertTrue(namespaces().lines().noneMatch(l -> l.startsWith("vdemo-" + demo.pid() + "-")), namespaces());
    }

    private static String namespaces() throws IOException {
        return new String(new ProcessBuilder("ip", "netns", "list").start().getInputStream().readAllBytes(),
                StandardCharsets.UTF_8);
    }
}
