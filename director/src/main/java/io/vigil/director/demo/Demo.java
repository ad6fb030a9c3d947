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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code vigil demo}: two directors a and b float VIP 198.18.0.100 in front of client c and forward its HTTP requests
 * (LVS-DR, round robin) to the nginx real servers r1 and r2, in throw-away network namespaces; then a dies (its link
 * is cut and its daemon killed with -9) and the demo shows b taking over: the client's neighbour entry following it,
 * how many requests failed meanwhile and when they succeeded again. It prints a timeline and removes everything it
 * made. Runs on the calling thread (the client's request loop has a thread of its own).
 */
public final class Demo {

    private static final String VIP = DemoLab.NET + ".100";
    private static final int ADVERT_SECONDS = 1;
    private static final int REQUESTS = 10;
    private final PrintWriter out;
    private final Path launcher;
    private long t0;

    public Demo(PrintWriter out, Path launcher) {
        this.out = out;
        this.launcher = launcher;
    }

    /** Runs the demo; returns normally when the failover was seen, throws with what went wrong otherwise. */
    public void run() throws IOException, InterruptedException {
        for (String tool : List.of("nginx", "curl")) {
            if (!onPath(tool)) {
                throw new IOException(tool + " is not installed; the demo's real servers run nginx and its client curl"
                        + " (apt-get install nginx-light curl)");
            }
        }
        Path dir = Files.createTempDirectory("vigil-demo");
        try (DemoLab lab = new DemoLab()) {
            lab.build();
            out.printf("vigil demo: directors a (%s, priority 150) and b (%s, priority 100) float VIP %s and forward"
                    + " its port 80 (LVS-DR, rr) to nginx on r1 (%s) and r2 (%s); c (%s) is a client%n",
                    DemoLab.address("a"), DemoLab.address("b"), VIP, DemoLab.address("r1"), DemoLab.address("r2"),
                    DemoLab.address("c"));
            t0 = System.nanoTime();
            for (String r : List.of("r1", "r2")) {
                lab.realServer(r, VIP, dir.resolve("nginx-" + r));
            }
            say("r1, r2: nginx up, VIP on lo, arp_ignore=1, arp_announce=2");
            Process a = startDirector(lab, dir, "a", 150);
            startDirector(lab, dir, "b", 100);
            awaitState(dir, "a", "MASTER", 20_000);
            awaitState(dir, "b", "BACKUP", 20_000);
            say("a: MASTER, b: BACKUP");
            awaitPool(dir, "a");
            awaitPool(dir, "b");
            say("a, b: r1 and r2 in the pool (TCP_CHECK)");
            lab.in("c", "ping", "-c", "1", "-W", "2", VIP);
            say("c reaches " + VIP + " at " + neighbour(lab) + " (a's MAC is " + lab.mac("a") + ")");
            DemoClient client = new DemoClient(lab, VIP);
            spread(client, "through a");

            say("c requests http://" + VIP + "/ every " + DemoClient.LOOP_PAUSE_MILLIS + " ms (curl --max-time 1)");
            DemoClient.Loop loop = client.loop();
            long died;
            try (loop) {
                Thread.sleep(1_000);
                say("a dies: its link is cut and its daemon killed with -9");
                died = System.nanoTime();
                lab.in("a", "ip", "link", "set", "eth0", "down");
                a.toHandle().destroyForcibly();
                awaitState(dir, "b", "MASTER", 10_000);
                double seconds = (System.nanoTime() - died) / 1e9;
                say(String.format("b: MASTER after %.2f s (3 x advert_int + skew = %.2f s)", seconds,
                        3.0 * ADVERT_SECONDS + (256 - 100) / 256.0 * ADVERT_SECONDS));
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (!loop.succeededSince(died)) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("c's requests to " + VIP + " did not succeed again within 10 s of b"
                                + " becoming MASTER");
                    }
                    Thread.sleep(10);
                }
                Thread.sleep(1_000);
            }
            report(loop.answers(), died);
            lab.in("c", "ping", "-c", "1", "-W", "2", VIP);
            say("c reaches " + VIP + " at " + neighbour(lab) + " (b's MAC is " + lab.mac("b") + ")");
            spread(client, "through b");
            ControlReply stats = ControlClient.request(dir.resolve("b.state"), List.of("list", "--stats"));
            out.println("b: vigil list -n --stats");
            out.print(stats.body().endsWith("\n") ? stats.body() : stats.body() + "\n");
        } finally {
            deleteTree(dir);
        }
        out.println("vigil demo: done; namespaces, processes and " + dir + " removed");
    }

    /** {@value #REQUESTS} requests and their spread over r1 and r2; all must be answered. */
    private void spread(DemoClient client, String through) throws IOException {
        Map<String, Integer> spread = client.spread(REQUESTS);
        say("c: " + REQUESTS + " requests to http://" + VIP + "/ " + through + ": " + DemoClient.describe(spread));
        if (spread.containsKey("failed")) {
            throw new IOException(spread.get("failed") + " of " + REQUESTS + " requests to " + VIP + " " + through
                    + " failed (curl --max-time 1)");
        }
    }

    /** How the request loop fared: failures, when requests succeeded again after a died, who answered after. */
    private void report(List<DemoClient.Answer> answers, long died) {
        long failed = answers.stream().filter(x -> x.server().isEmpty()).count();
        DemoClient.Answer back = answers.stream()
                .filter(x -> x.startNanos() > died && x.server().isPresent()).findFirst().orElseThrow();
        Map<String, Integer> after = new TreeMap<>();
        answers.stream().filter(x -> x.startNanos() >= back.startNanos())
                .forEach(x -> after.merge(x.server().orElse("failed"), 1, Integer::sum));
        say(String.format("c: %d of %d requests failed during the takeover; requests succeed again through b %.2f s"
                + " after a died; after: %s", failed, answers.size(), (back.endNanos() - died) / 1e9,
                DemoClient.describe(after)));
    }

    /** Waits until host's pool for the VIP holds r1 and r2 (their TCP_CHECK succeeded). */
    private static void awaitPool(Path dir, String host) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                ControlReply reply = ControlClient.request(dir.resolve(host + ".state"), List.of("list"));
                last = reply.body();
                if (reply.exitCode() == 0 && last.contains("-> " + DemoLab.address("r1") + ":80")
                        && last.contains("-> " + DemoLab.address("r2") + ":80")) {
                    return;
                }
            } catch (IOException e) {
                last = e.getMessage();
            }
            Thread.sleep(50);
        }
        throw new IOException(host + "'s pool for " + VIP + ":80 did not hold r1 and r2 within 20 s; vigil list:\n"
                + last);
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/bin:/sbin:/bin";
        return Arrays.stream(path.split(":")).anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, tool)));
    }

    private Process startDirector(DemoLab lab, Path dir, String host, int priority) throws IOException {
        Path conf = dir.resolve(host + ".conf");
        Files.writeString(conf, """
                global_defs {
                    router_id demo_%1$s
                }
                vrrp_instance VI_DEMO {
                    state BACKUP
                    interface eth0
                    virtual_router_id 42
                    priority %2$d
                    advert_int %3$d
                    virtual_ipaddress {
                        %4$s/24 dev eth0
                    }
                }
                virtual_server %4$s 80 {
                    delay_loop 1
                    lb_algo rr
                    lb_kind DR
                    protocol TCP
                    real_server %5$s 80 {
                        TCP_CHECK {
                            connect_timeout 1
                        }
                    }
                    real_server %6$s 80 {
                        TCP_CHECK {
                            connect_timeout 1
                        }
                    }
                }
                """.formatted(host, priority, ADVERT_SECONDS, VIP, DemoLab.address("r1"), DemoLab.address("r2")));
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
