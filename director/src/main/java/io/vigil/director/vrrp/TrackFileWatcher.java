package io.vigil.director.vrrp;

import io.vigil.director.config.TrackFile;
import io.vigil.healthcheck.check.TrackFileNumber;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the {@code track_file}s of the VRRP instances and sync groups: writes {@code init_file} values at start,
 * reads each file then and again whenever its directory reports it created, modified or moved in (inotify, through
 * {@link WatchService}, as keepalived watches them), and hands every new value to the VRRP loop by the track_file's
 * name. A missing or unreadable file counts as 0, and a file that does not start with a number counts as 0 too, as
 * strtol makes it in keepalived; both are logged once per change.
 *
 * <p>Threading: {@link #start} and {@link #close} on any one thread; the watch runs on its own daemon thread, which is
 * the only caller of the consumer.
 */
public final class TrackFileWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrackFileWatcher.class);
    private static final int MAX_BYTES = 64;

    private final Map<String, TrackFile> byName = new HashMap<>();
    private final Map<String, Long> values = new HashMap<>();
    private final BiConsumer<String, Long> changed;
    private WatchService watch;
    private Thread thread;

    /** Follows {@code files} and reports each value to {@code changed} (track_file name, value). */
    public TrackFileWatcher(List<TrackFile> files, BiConsumer<String, Long> changed) {
        files.forEach(f -> byName.put(f.name(), f));
        this.changed = changed;
    }

    /** Writes the {@code init_file}s, reports every file's value once, then watches for changes. */
    public void start() throws IOException {
        if (byName.isEmpty()) {
            return;
        }
        for (TrackFile f : byName.values()) {
            initialise(f);
        }
        watch = FileSystems.getDefault().newWatchService();
        Set<Path> directories = new HashSet<>();
        for (TrackFile f : byName.values()) {
            Path dir = Path.of(f.file()).toAbsolutePath().getParent();
            if (dir != null && Files.isDirectory(dir) && directories.add(dir)) {
                dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            } else if (dir != null && !Files.isDirectory(dir)) {
                LOG.warn("track_file {}: directory {} does not exist; the file counts as 0 and is not watched",
                        f.name(), dir);
            }
        }
        byName.values().forEach(this::read);
        thread = Thread.ofPlatform().daemon().name("vigil-track-file").start(this::run);
    }

    /** The value each track_file had when last read, by name (for tests and status). */
    public synchronized Map<String, Long> values() {
        return Map.copyOf(values);
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = watch.take();
                Path dir = (Path) key.watchable();
                for (var event : key.pollEvents()) {
                    if (event.context() instanceof Path name) {
                        Path changedFile = dir.resolve(name);
                        byName.values().stream().filter(f -> Path.of(f.file()).toAbsolutePath().equals(changedFile))
                                .forEach(this::read);
                    } else {
                        byName.values().forEach(this::read);
                    }
                }
                key.reset();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** keepalived's init_file: the file is created with the value, or overwritten with {@code overwrite}. */
    private static void initialise(TrackFile f) {
        if (f.initFile() == null) {
            return;
        }
        Path path = Path.of(f.file());
        if (Files.exists(path) && !f.initOverwrite()) {
            return;
        }
        try {
            Path tmp = Files.createTempFile(path.toAbsolutePath().getParent(), ".vigil-track", ".tmp");
            Files.writeString(tmp, f.initFile() + "\n");
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("track_file {}: cannot write init_file {} to {}: {}", f.name(), f.initFile(), path, e.toString());
        }
    }

    private void read(TrackFile f) {
        long value;
        try (var in = Files.newInputStream(Path.of(f.file()))) {
            String text = new String(in.readNBytes(MAX_BYTES), StandardCharsets.US_ASCII);
            value = TrackFileNumber.parse(text).orElse(0); // strtol: no number reads as 0
        } catch (NoSuchFileException e) {
            value = 0;
        } catch (IOException e) {
            LOG.warn("track_file {}: cannot read {}: {}; counts as 0", f.name(), f.file(), e.toString());
            value = 0;
        }
        Long before;
        synchronized (this) {
            before = values.put(f.name(), value);
        }
        if (before == null || before != value) {
            LOG.info("track_file {} ({}) = {}", f.name(), f.file(), value);
            changed.accept(f.name(), value);
        }
    }

    @Override
    public void close() {
        if (watch != null) {
            try {
                watch.close();
            } catch (IOException e) {
                LOG.debug("closing the track_file watch: {}", e.toString());
            }
        }
        if (thread != null) {
            thread.interrupt();
        }
    }
}
