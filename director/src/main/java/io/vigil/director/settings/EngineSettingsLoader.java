package io.vigil.director.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import io.vigil.dataplane.api.DataplaneBackend;
import io.vigil.dataplane.api.DataplaneSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Reads {@link EngineSettings}: {@code -Dvigil.*} overrides, then the settings file (default
 * {@value #DEFAULT_FILE}, optional), then the {@code reference.conf} defaults. Values of the wrong type and keys the
 * reference does not know are reported with their path; nothing is thrown.
 */
public final class EngineSettingsLoader {

    /** Where users put their overrides. */
    public static final String DEFAULT_FILE = "/etc/vigil/vigil.conf";
    private static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error");

    private EngineSettingsLoader() {
    }

    /** Reads the settings from {@code file} (may be absent) with {@code systemProperties} overriding it. */
    public static SettingsLoad load(Path file, Properties systemProperties) {
        List<String> problems = new ArrayList<>();
        // reference.conf alone: defaultReference() also holds the JVM's system properties, so every -Dvigil.* key
        // (a typo included) would count as known.
        Config reference = ConfigFactory.defaultReferenceUnresolved(EngineSettingsLoader.class.getClassLoader())
                .resolve();
        Config user = ConfigFactory.empty();
        if (Files.exists(file)) {
            try {
                user = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
            } catch (ConfigException e) {
                return new SettingsLoad(null, List.of(e.getMessage()));
            }
        }
        Config overrides = ConfigFactory.parseProperties(systemProperties);
        overrides = overrides.hasPath("vigil") ? overrides.withOnlyPath("vigil") : ConfigFactory.empty();
        Config merged;
        try {
            merged = overrides.withFallback(user).withFallback(reference).resolve();
            merged.checkValid(reference, "vigil");
        } catch (ConfigException.ValidationFailed e) {
            e.problems().forEach(p -> problems.add(p.origin().description() + ": " + p.path() + ": " + p.problem()));
            return new SettingsLoad(null, List.copyOf(problems));
        } catch (ConfigException e) {
            return new SettingsLoad(null, List.of(e.getMessage()));
        }
        for (Map.Entry<String, ConfigValue> e : merged.getConfig("vigil").entrySet()) {
            String path = "vigil." + e.getKey();
            if (!reference.hasPath(path)) {
                problems.add(e.getValue().origin().description() + ": " + path
                        + ": unknown setting, expected one of the keys in reference.conf");
            }
        }
        if (!problems.isEmpty()) {
            return new SettingsLoad(null, List.copyOf(problems));
        }
        return build(merged.getConfig("vigil"), problems);
    }

    /** {@code dataplane.workers}: a count, or {@code auto} for {@link DataplaneSettings#autoWorkers} of this host. */
    private static int workers(Config v) {
        String workers = v.getString("dataplane.workers").strip();
        if (workers.equals("auto")) {
            return DataplaneSettings.autoWorkers(Runtime.getRuntime().availableProcessors());
        }
        try {
            return Integer.parseInt(workers);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("workers '" + workers + "', expected 1 to "
                    + DataplaneSettings.MAX_WORKERS + " or auto");
        }
    }

    private static SettingsLoad build(Config v, List<String> problems) {
        String listen = v.getString("metrics.listen");
        int colon = listen.lastIndexOf(':');
        int port = -1;
        if (colon > 0) {
            try {
                port = Integer.parseInt(listen.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
        }
        if (port < 0 || port > 65535) {
            problems.add(v.getValue("metrics.listen").origin().description() + ": vigil.metrics.listen: found '"
                    + listen + "', expected HOST:PORT with a port in 0..65535");
        }
        String path = v.getString("metrics.path");
        if (!path.startsWith("/")) {
            problems.add(v.getValue("metrics.path").origin().description() + ": vigil.metrics.path: found '" + path
                    + "', expected a path starting with '/'");
        }
        String level = v.getString("log.level");
        if (!LEVELS.contains(level)) {
            problems.add(v.getValue("log.level").origin().description() + ": vigil.log.level: found '" + level
                    + "', expected one of trace, debug, info, warn, error");
        }
        DataplaneSettings dataplane = null;
        try {
            dataplane = new DataplaneSettings(v.getBoolean("dataplane.enabled"), v.getInt("dataplane.connections"),
                    v.getInt("dataplane.ring.block-size"), v.getInt("dataplane.ring.block-count"), workers(v),
                    v.getBoolean("dataplane.sloppy-tcp"), DataplaneBackend.ofSetting(v.getString("dataplane.backend")),
                    v.getBoolean("dataplane.busy-poll"));
        } catch (IllegalArgumentException | ConfigException e) {
            problems.add(v.getValue("dataplane").origin().description() + ": vigil.dataplane: " + e.getMessage());
        }
        AnnounceSettings announce = announce(v, problems);
        if (!problems.isEmpty()) {
            return new SettingsLoad(null, List.copyOf(problems));
        }
        String host = listen.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new SettingsLoad(new EngineSettings(host, port, path, Path.of(v.getString("state-dir")), level,
                dataplane, announce),
                List.of());
    }

    /** {@code announce.*}: addresses parsed, the interface required with VIPs, the prefix checked. */
    private static AnnounceSettings announce(Config v, List<String> problems) {
        String where = v.getValue("announce").origin().description() + ": vigil.announce";
        List<InetAddress> vips = new ArrayList<>();
        for (String text : v.getStringList("announce.vips")) {
            try {
                if (!text.matches("[0-9a-fA-F.:]+")) {
                    throw new UnknownHostException(text);
                }
                vips.add(InetAddress.getByName(text));
            } catch (UnknownHostException e) {
                problems.add(where + ".vips: found '" + text + "', expected an IPv4 or IPv6 address");
            }
        }
        String device = v.getString("announce.interface").strip();
        if (!vips.isEmpty() && device.isEmpty()) {
            problems.add(where + ".interface: empty, expected the interface the routers send the announced VIPs to"
                    + " (e.g. \"eth0\")");
        }
        String prefix = v.getString("announce.device-prefix");
        if (!prefix.matches("[a-z][a-z0-9_-]{0,6}")) {
            problems.add(where + ".device-prefix: found '" + prefix + "', expected 1 to 7 of [a-z0-9_-] starting with"
                    + " a letter");
        }
        Duration drain = v.getDuration("announce.drain-delay");
        if (drain.isNegative()) {
            problems.add(where + ".drain-delay: found " + drain + ", expected 0 or more");
        }
        return new AnnounceSettings(vips, device, prefix, drain);
    }
}
