package io.vigil.director.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.director.lab.VigilPeer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code vigil demo} through the launcher, as README's first command runs it: a failover, and nothing left behind. */
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
        assertTrue(namespaces().lines().noneMatch(l -> l.startsWith("vdemo-" + demo.pid() + "-")), namespaces());
    }

    private static String namespaces() throws IOException {
        return new String(new ProcessBuilder("ip", "netns", "list").start().getInputStream().readAllBytes(),
                StandardCharsets.UTF_8);
    }
}
