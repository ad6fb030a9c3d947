package io.vigil.dataplane.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How NftSteering reports a failing nft, without root: a stand-in binary that fails the way a tool does. */
class NftSteeringTest {

    @Test
    void aFailingCommandReportsExitCodeAndStderr() {
        // /bin/sh reads the script from stdin ("-f -" are sh options here) and fails on "add": a real process
        // with a non-zero exit and a message on stderr, as nft gives for a rejected ruleset.
        NftSteering steering = new NftSteering("vigil", Path.of("/bin/sh"));
        NftException e = assertThrows(NftException.class, steering::remove);
        assertEquals(127, e.exitCode(), e.getMessage());
        assertTrue(e.stderr().contains("add: not found"), e.stderr());
        assertEquals(List.of("/bin/sh", "-f", "-"), e.command());
        assertTrue(e.getMessage().startsWith("/bin/sh -f - exited with 127 (remove table netdev vigil): "),
                e.getMessage());
        assertTrue(e.stderr().contains("delete: not found"), e.stderr());
    }

    @Test
    void aMissingBinaryIsReportedWithoutExitCode() {
        NftSteering steering = new NftSteering("vigil", Path.of("/nonexistent/nft"));
        NftException e = assertThrows(NftException.class, steering::remove);
        assertEquals(-1, e.exitCode());
        assertTrue(e.stderr().startsWith("cannot start: "), e.stderr());
    }
}
