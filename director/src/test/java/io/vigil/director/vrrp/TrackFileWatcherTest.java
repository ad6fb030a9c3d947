package io.vigil.director.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.director.config.SourcePosition;
import io.vigil.director.config.TrackFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackFileWatcherTest {

    @TempDir
    Path dir;

    private final Map<String, Long> reported = new ConcurrentHashMap<>();

    private TrackFile file(String name, Path path, Long init, boolean overwrite) {
        return new TrackFile(name, path.toString(), 1, false, init, overwrite, new SourcePosition("test.conf", 1, 1));
    }

    @Test
    void initFileCreatesTheFileAndEveryValueIsReportedAtStartThenOnEachChange() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Files.writeString(b, "  -7 trailing words\n");
        try (TrackFileWatcher w = new TrackFileWatcher(List.of(file("A", a, 5L, false), file("B", b, 3L, false)),
                reported::put)) {
            w.start();
            assertEquals("5\n", Files.readString(a), "init_file creates the file");
            assertEquals("  -7 trailing words\n", Files.readString(b), "without overwrite an existing file stays");
            assertEquals(Map.of("A", 5L, "B", -7L), reported);

            Files.writeString(a, "12\n");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> reported.get("A") == 12L);
            Files.writeString(b, "not a number\n");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> reported.get("B") == 0L);
            Files.delete(a);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> reported.get("A") == 0L);
        }
    }

    @Test
    void overwriteReplacesAnExistingFileAndAMissingOneCountsAsZero() throws Exception {
        Path a = dir.resolve("a");
        Files.writeString(a, "9\n");
        Path missing = dir.resolve("missing");
        try (TrackFileWatcher w = new TrackFileWatcher(List.of(file("A", a, 2L, true), file("M", missing, null, false)),
                reported::put)) {
            w.start();
            assertEquals("2\n", Files.readString(a));
            assertEquals(Map.of("A", 2L, "M", 0L), reported);
            Files.writeString(missing, "4");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> reported.get("M") == 4L);
        }
    }
}
