package io.vigil.director.demo;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import io.vigil.director.control.ControlClient;
import io.vigil.director.control.ControlReply;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code vigil demo}: two directors a and b float VIP 198.18.0.100 in front of client c, in throw-away network
 * namespaces; then a dies (its link is cut and its daemon killed with -9) and the demo shows b taking over and the
 * client following it. It prints a timeline and removes everything it made.
 */
public final class Demo {

    private static final String VIP = DemoLab.NET + ".100";
    private static final int ADVERT_SECONDS = 1;
    private final PrintWriter out;
    private final Path launcher;
    private long t0;

    public Demo(PrintWriter out, Path launcher) {
        this.out = out;
        this.launcher = launcher;
    }

    /** Runs the demo; returns normally when the failover was seen, throws with what went wrong otherwise. */
    public void run() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("vigil-demo");
        try (DemoLab lab = new DemoLab()) {
            lab.build();
            out.printf("vigil demo: directors a (%s.1, priority 150) and b (%s.2, priority 100) float VIP %s;"
                    + " c (%s.3) is a client%n", DemoLab.NET, DemoLab.NET, VIP, DemoLab.NET);
            t0 = System.nanoTime();
            Process a = startDirector(lab, dir, "a", 150);
            startDirector(lab, dir, "b", 100);
            awaitState(dir, "a", "MASTER", 20_000);
            awaitState(dir, "b", "BACKUP", 20_000);
            say("a: MASTER, b: BACKUP");
            lab.in("c", "ping", "-c", "1", "-W", "2", VIP);
            say("c reaches " + VIP + " at " + neighbour(lab) + " (a's MAC is " + lab.mac("a") + ")");

            Thread.sleep(1_000);
            say("a dies: its link is cut and its daemon killed with -9");
            long died = System.nanoTime();
            lab.in("a", "ip", "link", "set", "eth0", "down");
            a.toHandle().destroyForcibly();
            awaitState(dir, "b", "MASTER", 10_000);
            double seconds = (System.nanoTime() - died) / 1e9;
            say(String.format("b: MASTER after %.2f s (3 x advert_int + skew = %.2f s)", seconds,
                    3.0 * ADVERT_SECONDS + (256 - 100) / 256.0 * ADVERT_SECONDS));
            lab.in("c", "ping", "-c", "1", "-W", "2", VIP);
            say("c reaches " + VIP + " at " + neighbour(lab) + " (b's MAC is " + lab.mac("b") + ")");
        } finally {
            deleteTree(dir);
        }
        out.println("vigil demo: done; namespaces and processes removed");
    }

    private Process startDirector(DemoLab lab, Path dir, String host, int priority) throws IOException {
        Path conf = dir.resolve(host + ".conf");
        Files.writeString(conf, """
                global_defs {
                    router_id demo_%s
                }
                vrrp_instance VI_DEMO {
                    state BACKUP
                    interface eth0
                    virtual_router_id 42
                    priority %d
                    advert_int %d
                    virtual_ipaddress {
                        %s/24 dev eth0
                    }
                }
                """.formatted(host, priority, ADVERT_SECONDS, VIP));
        Path settings = dir.resolve(host + "-vigil.conf");
        Files.writeString(settings, "vigil.metrics.listen = \"127.0.0.1:9165\"\n");
        return lab.start(host, dir.resolve(host + ".log"), launcher.toString(), "run", "-f", conf.toString(),
                "--state-dir", dir.resolve(host + ".state").toString(), "--settings", settings.toString());
    }

    private void awaitState(Path dir, String host, String state, long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        String last = "not running";
        while (System.nanoTime() < deadline) {
            try {
                ControlReply reply = ControlClient.request(dir.resolve(host + ".state"), List.of("status", "--json"));
                if (reply.exitCode() == 0) {
                    last = ConfigFactory.parseString("{\"i\":" + reply.body() + "}",
                            ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON))
                            .getConfigList("i").getFirst().getString("state");
                    if (last.equals(state)) {
                        return;
                    }
                }
            } catch (IOException e) {
                last = e.getMessage();
            }
            Thread.sleep(10);
        }
        String log = Files.exists(dir.resolve(host + ".log")) ? Files.readString(dir.resolve(host + ".log")) : "";
        throw new IOException(host + " did not reach " + state + " within " + timeoutMillis + " ms (last: " + last
                + ")\n" + log);
    }

    private static String neighbour(DemoLab lab) throws IOException {
        String line = lab.in("c", "ip", "neigh", "show", VIP).strip();
        var m = java.util.regex.Pattern.compile("lladdr ([0-9a-f:]{17})").matcher(line);
        return m.find() ? m.group(1) : "(no entry: " + line + ")";
    }

    private void say(String what) {
        out.printf("[%6.2fs] %s%n", (System.nanoTime() - t0) / 1e9, what);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
