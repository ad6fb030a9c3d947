package io.vigil.director.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.director.config.KeepalivedConfig;
import io.vigil.director.metrics.Promtool;
import io.vigil.healthcheck.event.PoolEntry;
import io.vigil.healthcheck.event.PoolView;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loopback: the health service against TCP listeners on port 0. A real server whose listener closes leaves the
 * pool, inhibit_on_failure keeps one at weight 0, quorum loss puts the sorry server in, and a listener that comes
 * back brings its real server back. Also the exposition is checked with promtool.
 */
class HealthServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private HealthService service;
    private final List<ServerSocket> listeners = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws IOException {
        if (service != null) {
            service.close();
        }
        for (ServerSocket s : listeners) {
            s.close();
        }
    }

    private ServerSocket listen(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        listeners.add(s);
        return s;
    }

    private KeepalivedConfig config(String text) throws IOException {
        return ConfigText.load(dir, text);
    }

    private static String realServer(int port, String extra) {
        return "    real_server 127.0.0.1 " + port + " {\n" + extra + "\n        TCP_CHECK {\n"
                + "            connect_timeout 1\n        }\n    }\n";
    }

    private PoolEntry entry(int port, int weight) {
        return new PoolEntry(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), weight);
    }

    @Test
    void poolFollowsTheListenersWithInhibitQuorumAndSorryServer() throws Exception {
        ServerSocket a = listen(0);
        ServerSocket b = listen(0);
        int portA = a.getLocalPort();
        int portB = b.getLocalPort();
        KeepalivedConfig config = config("virtual_server 127.0.0.1 80 {\n    protocol TCP\n    delay_loop 0.2\n"
                + "    retry 1\n    delay_before_retry 0.1\n    warmup 0\n    quorum 2\n"
                + "    sorry_server 127.0.0.2 80\n"
                + realServer(portA, "        weight 2") + realServer(portB, "        inhibit_on_failure") + "}\n");
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        service = HealthService.start(config, registry, Optional.empty());
        List<Map<String, List<PoolEntry>>> heard = new CopyOnWriteArrayList<>();
        service.addListener((name, pool) -> heard.add(Map.of(name, pool)));
        String vs = "[127.0.0.1]:tcp:80";

        Awaitility.await().ignoreExceptions().atMost(WAIT).until(() -> pool(vs).realServers().stream()
                .allMatch(r -> r.checkers().getFirst().lastResult().isPresent()));
        assertEquals(List.of(entry(portA, 2), entry(portB, 1)), pool(vs).entries());

        b.close();
        Awaitility.await().ignoreExceptions().atMost(WAIT).until(() -> pool(vs).entries().equals(List.of(entry(portA, 2), entry(portB, 0))));
        assertTrue(pool(vs).quorumUp(), "live weight 2 holds quorum 2");
        String text = service.list(false).get();
        assertTrue(text.contains(String.format("  -> 127.0.0.1:%-18d Masq    0      0          0", portB)), text);

        a.close();
        Awaitility.await().ignoreExceptions().atMost(WAIT).until(() -> pool(vs).sorryServerActive());
        assertEquals(List.of(entry(portB, 0), new PoolEntry(new InetSocketAddress("127.0.0.2", 80), 1)),
                pool(vs).entries());
        assertTrue(service.list(false).get().contains("  -> 127.0.0.2:80"), service.list(false).get());

        listen(portA);
        listen(portB);
        Awaitility.await().ignoreExceptions().atMost(WAIT).until(() -> pool(vs).entries().equals(List.of(entry(portA, 2), entry(portB, 1))));
        assertFalse(pool(vs).sorryServerActive());
        Awaitility.await().ignoreExceptions().atMost(WAIT).until(() -> !heard.isEmpty()
                && heard.getLast().get(vs).equals(List.of(entry(portA, 2), entry(portB, 1))));
        assertTrue(heard.stream().anyMatch(m -> m.getOrDefault(vs, List.of()).contains(new PoolEntry(new InetSocketAddress("127.0.0.2", 80), 1))),
                "the listener heard the sorry server go in");

        Awaitility.await().ignoreExceptions().atMost(WAIT).until(() -> registry.scrape()
                .contains("vigil_virtual_server_quorum_up{virtual_server=\"" + vs + "\"} 1"));
        String exposition = registry.scrape();
        assertFalse(exposition.contains("node_ipvs_backend_weight"), "the dataplane reports the weights: " + exposition);
        assertTrue(exposition.contains("vigil_healthcheck_up{checker=\"TCP_CHECK\",real_server=\"127.0.0.1:" + portA
                + "\",virtual_server=\"" + vs + "\"} 1"), exposition);
        assertTrue(exposition.contains("vigil_virtual_server_quorum_up{virtual_server=\"" + vs + "\"} 1"), exposition);
        assertTrue(exposition.contains("vigil_healthcheck_failures_total{reason=\"connect_refused\"}"), exposition);
        assertTrue(exposition.contains("vigil_healthcheck_duration_seconds_bucket{checker=\"TCP_CHECK\",le=\"0.001\"}"),
                exposition);
        assertTrue(exposition.contains("# HELP vigil_healthcheck_duration_seconds "), exposition);
        Promtool.accepts(exposition);
    }

    @Test
    void reconfigureTellsTheListenersOnlyThePoolsThatChanged() throws Exception {
        int portA = listen(0).getLocalPort();
        int portB = listen(0).getLocalPort();
        int portC = listen(0).getLocalPort();
        String head = "    protocol TCP\n    delay_loop 0.2\n    retry 1\n    warmup 0\n";
        String a = "virtual_server 127.0.0.1 80 {\n" + head + realServer(portA, "        weight 1") + "}\n";
        String b = "virtual_server 127.0.0.1 81 {\n" + head + realServer(portB, "") + "}\n";
        String c = "virtual_server 127.0.0.1 82 {\n" + head + realServer(portC, "") + "}\n";
        service = HealthService.start(config(a + b + c), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                Optional.empty());
        List<Map<String, List<PoolEntry>>> heard = new CopyOnWriteArrayList<>();
        service.addListener((name, pool) -> heard.add(Map.of(name, pool)));
        Awaitility.await().ignoreExceptions().atMost(WAIT).until(() -> heard.size() == 3);
        heard.clear();

        service.reconfigure(config(a.replace("weight 1", "weight 3") + c)).get();

        assertEquals(List.of(Map.of("[127.0.0.1]:tcp:80", List.of(entry(portA, 3))),
                Map.of("[127.0.0.1]:tcp:81", List.of())), heard,
                "the changed pool, then the removed one as empty; the unchanged one not at all");
        assertEquals(List.of("[127.0.0.1]:tcp:80", "[127.0.0.1]:tcp:82"), List.copyOf(service.pools().keySet()));
    }

    private PoolView pool(String vs) {
        PoolView view = service.pools().get(vs);
        if (view == null) {
            throw new AssertionError("no pool for " + vs + " in " + service.pools().keySet());
        }
        return view;
    }
}
