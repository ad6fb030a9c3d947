import io.vigil.director.config.ConfigLoad;
import io.vigil.director.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Times {@code vigil check-config}'s parse of a generated keepalived.conf with N virtual servers (default 5,000), each
 * with two real servers and a checker, plus one VRRP instance. Not a test: it prints figures.
 *
 * <p>Usage: {@code java -cp vigil.jar:lib/* ParseBench.java [SERVERS] [ROUNDS]}
 */
public final class ParseBench {

    private ParseBench() {
    }

    /** Writes the benchmark configuration. */
    static Path generate(int servers) throws IOException {
        StringBuilder sb = new StringBuilder(servers * 400);
        sb.append("global_defs {\n  router_id BENCH\n}\n");
        sb.append("vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n  priority 150\n  advert_int 1\n");
        sb.append("  virtual_ipaddress {\n    198.18.0.1/16\n  }\n}\n");
        for (int i = 0; i < servers; i++) {
            int a = i / 250;
            int b = i % 250 + 1;
            sb.append("virtual_server 198.18.").append(a).append('.').append(b).append(" 80 {\n")
                    .append("  delay_loop 6\n  lb_algo wrr\n  lb_kind NAT\n  protocol TCP\n");
            for (int r = 1; r <= 2; r++) {
                sb.append("  real_server 198.19.").append(a).append('.').append(b).append(' ').append(8000 + r)
                        .append(" {\n    weight ").append(r).append("\n    HTTP_GET {\n      url {\n")
                        .append("        path /health\n        status_code 200\n      }\n")
                        .append("      connect_timeout 3\n      retry 2\n    }\n  }\n");
            }
            sb.append("}\n");
        }
        Path file = Files.createTempFile("vigil-bench-", ".conf");
        Files.writeString(file, sb);
        return file;
    }

    public static void main(String[] args) throws IOException {
        int servers = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path file = generate(servers);
        try {
            ConfigLoader loader = new ConfigLoader("bench", false, null);
            long coldStart = System.nanoTime();
            loader.load(file);
            long cold = (System.nanoTime() - coldStart) / 1_000_000;
            long[] millis = new long[rounds];
            int warmup = 5;
            ConfigLoad last = null;
            for (int i = 0; i < warmup + rounds; i++) {
                long start = System.nanoTime();
                last = loader.load(file);
                long elapsed = System.nanoTime() - start;
                if (i >= warmup) {
                    millis[i - warmup] = elapsed / 1_000_000;
                }
            }
            Arrays.sort(millis);
            System.out.printf("file: %d virtual servers, %d real servers, %d bytes, %d lines%n", servers, servers * 2,
                    Files.size(file), Files.readAllLines(file).size());
            System.out.printf("parsed: %d virtual servers, exit code %d, %d diagnostics%n",
                    last.config().virtualServers().size(), last.exitCode(), last.diagnostics().size());
            System.out.printf("first (cold JVM) parse: %d ms%n", cold);
            System.out.printf("parse time over %d rounds after %d warm-up: min %d ms, median %d ms, max %d ms%n",
                    rounds, warmup, millis[0], millis[rounds / 2], millis[rounds - 1]);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
