package io.vigil.healthcheck.check;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.vigil.healthcheck.script.ProcessScriptLauncher;
import io.vigil.healthcheck.spec.FileCheck;
import io.vigil.healthcheck.spec.MiscCheck;
import io.vigil.healthcheck.spec.PingCheck;
import io.vigil.healthcheck.spec.ScriptSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MISC_CHECK with real processes, FILE_CHECK with a real file, PING_CHECK with a recording fake Pinger. */
class MiscFilePingCheckerTest {

    @TempDir
    static Path dir;
    static EventLoopGroup loop;
    static ProcessScriptLauncher launcher;

    @BeforeAll
    static void setUp() {
        loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        launcher = new ProcessScriptLauncher(loop);
    }

    @AfterAll
    static void tearDown() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static CheckResult misc(String line, boolean dynamic, long timeoutMs) throws Exception {
        return new MiscChecker(launcher, new MiscCheck(ScriptSpec.of(line), TimeUnit.MILLISECONDS.toNanos(timeoutMs),
                dynamic)).probe().get(20, TimeUnit.SECONDS);
    }

    @Test
    void miscCheckExitCodes() throws Exception {
        assertTrue(misc("/bin/true", false, 5000).up());
        CheckResult down = misc("/bin/sh -c 'exit 3'", false, 5000);
        assertEquals(FailureReason.SCRIPT_EXIT, down.reason());
        assertTrue(down.detail().contains("status 3"), down.detail());
        assertEquals(FailureReason.SCRIPT_START, misc("/nonexistent/script", false, 5000).reason());
    }

    @Test
    void miscDynamicExitCodeSetsTheWeight() throws Exception {
        CheckResult weighted = misc("/bin/sh -c 'exit 12'", true, 5000);
        assertTrue(weighted.up());
        assertEquals(WeightEffect.absolute(10), weighted.weight());
        assertEquals(FailureReason.SCRIPT_EXIT, misc("/bin/sh -c 'exit 1'", true, 5000).reason());
        assertEquals(WeightEffect.relative(0), misc("/bin/true", true, 5000).weight());
    }

    @Test
    void aScriptThatNeverExitsIsKilledWithItsChildrenAtTheTimeout() throws Exception {
        Path pids = dir.resolve("pids");
        CheckResult r = misc("/bin/sh -c 'sleep 600 & echo $! > " + pids + "; echo $$ >> " + pids + "; wait'",
                false, 500);
        assertEquals(FailureReason.SCRIPT_TIMEOUT, r.reason(), r.detail());
        List<Long> started = new ArrayList<>();
        for (String line : Files.readAllLines(pids)) {
            started.add(Long.parseLong(line.trim()));
        }
        assertEquals(2, started.size());
        await().atMost(10, TimeUnit.SECONDS).until(() -> started.stream()
                .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
    }

    @Test
    void scriptUserRunsTheScriptAsThatUser() throws Exception {
        boolean root = new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        MiscCheck asNobody = new MiscCheck(new ScriptSpec("/bin/sh -c 'test \"$(id -u)\" = 65534'",
                Optional.of("nobody"), Optional.empty()), TimeUnit.SECONDS.toNanos(5), false);
        CheckResult r = new MiscChecker(launcher, asNobody).probe().get(20, TimeUnit.SECONDS);
        assertEquals(root, r.up(), "as root the script runs as nobody (uid 65534): " + r.detail());
    }

    @Test
    void fileCheckFollowsTrackFileSemantics() throws Exception {
        Path file = dir.resolve("weight");
        Files.writeString(file, "0\n");
        FileChecker zeroWeight = new FileChecker(loop, new FileCheck(file, 0, false));
        assertTrue(zeroWeight.probe().get(5, TimeUnit.SECONDS).up());
        Files.writeString(file, "3\n");
        assertEquals(FailureReason.FILE_VALUE, zeroWeight.probe().get(5, TimeUnit.SECONDS).reason());

        FileChecker weighted = new FileChecker(loop, new FileCheck(file, 2, false));
        CheckResult w = weighted.probe().get(5, TimeUnit.SECONDS);
        assertTrue(w.up());
        assertEquals(WeightEffect.relative(6), w.weight());
        assertEquals(WeightEffect.relative(-6), new FileChecker(loop, new FileCheck(file, 2, true)).probe()
                .get(5, TimeUnit.SECONDS).weight());

        Files.writeString(file, "banana");
        assertEquals(FailureReason.FILE_UNREADABLE, weighted.probe().get(5, TimeUnit.SECONDS).reason());
        Files.delete(file);
        assertEquals(FailureReason.FILE_UNREADABLE, weighted.probe().get(5, TimeUnit.SECONDS).reason());
    }

    @Test
    void pingCheckUsesThePingerAndItsVerdict() throws Exception {
        List<InetAddress> asked = new ArrayList<>();
        boolean[] answer = {true};
        Pinger fake = (target, timeout) -> {
            asked.add(target);
            return CompletableFuture.completedFuture(answer[0]
                    ? new PingReply(true, 1234, "reply") : new PingReply(false, 0, "no reply within 1000 ms"));
        };
        InetAddress target = InetAddress.getByName("198.18.0.7");
        PingChecker checker = new PingChecker(fake, new PingCheck(target, TimeUnit.SECONDS.toNanos(1)));
        CheckResult up = checker.probe().get(5, TimeUnit.SECONDS);
        assertTrue(up.up());
        assertEquals(1234, up.latencyNanos());
        answer[0] = false;
        CheckResult down = checker.probe().get(5, TimeUnit.SECONDS);
        assertFalse(down.up());
        assertEquals(FailureReason.PING_LOST, down.reason());
        assertEquals(List.of(target, target), asked);
    }
}
