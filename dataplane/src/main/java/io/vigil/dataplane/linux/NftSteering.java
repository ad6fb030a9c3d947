package io.vigil.dataplane.linux;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the kernel away from flows the dataplane owns: one nftables table (family {@code netdev}) with an
 * ingress chain per interface whose rules drop matching frames and count them. AF_PACKET taps run before the
 * ingress hook, so a {@link PacketRing} still sees what this table drops (ffm-feasibility Q6).
 *
 * <p>It runs {@code nft -f -} (no shell) and feeds the script on stdin. {@link #install} replaces a stale table
 * of the same name in one transaction; {@link #remove} is idempotent. nft runs in the network namespace of the
 * calling thread (a child process inherits the namespace of the thread that starts it).
 *
 * <p>Thread safety: one owner thread.
 */
public final class NftSteering {

    private static final long TIMEOUT_SECONDS = 10;

    private final String table;
    private final Path nft;
    private List<DropRule> installed = List.of();

    /** Steering with table {@code table} and the {@code nft} found in /usr/sbin, /sbin or on PATH. */
    public NftSteering(String table) {
        this(table, defaultNft());
    }

    /** Steering with table {@code table} and the given nft binary. */
    public NftSteering(String table, Path nft) {
        this.table = NftRuleset.requireTableName(table);
        this.nft = nft;
    }

    private static Path defaultNft() {
        for (String candidate : new String[] {"/usr/sbin/nft", "/sbin/nft"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        return Path.of("nft");
    }

    /** The table name. */
    public String table() {
        return table;
    }

    /** Replaces the table (a stale one included) with drop rules for {@code rules}. */
    public void install(List<DropRule> rules) throws NftException {
        List<DropRule> copy = List.copyOf(rules);
        run(NftRuleset.install(table, copy), "install table netdev " + table + " with " + copy.size() + " rules",
                "-f", "-");
        installed = copy;
    }

    /** Removes the table; nothing happens when it does not exist. */
    public void remove() throws NftException {
        run(NftRuleset.remove(table), "remove table netdev " + table, "-f", "-");
        installed = List.of();
    }

    /** The rules of the last {@link #install}, empty after {@link #remove}. */
    public List<DropRule> installed() {
        return installed;
    }

    /** Whether the table exists in this namespace now. */
    public boolean present() throws NftException {
        String tables = run("", "list tables", "list", "tables", NftRuleset.FAMILY);
        return tables.lines().anyMatch(line -> line.strip().equals("table " + NftRuleset.FAMILY + " " + table));
    }

    /** The kernel's counter of each installed rule, in rule order. */
    public List<RuleCounter> counters() throws NftException {
        String listing = run("", "list counters of table netdev " + table,
                "list", "counters", "table", NftRuleset.FAMILY, table);
        Map<String, long[]> parsed = NftRuleset.parseCounters(listing);
        List<RuleCounter> counters = new ArrayList<>(installed.size());
        for (int i = 0; i < installed.size(); i++) {
            long[] values = parsed.get(NftRuleset.counterName(i));
            if (values == null) {
                throw new NftException(List.of(nft.toString(), "list", "counters"), 0,
                        "counter " + NftRuleset.counterName(i) + " missing from the listing:\n" + listing,
                        "table netdev " + table);
            }
            counters.add(new RuleCounter(installed.get(i), values[0], values[1]));
        }
        return counters;
    }

    private String run(String stdin, String context, String... arguments) throws NftException {
        List<String> command = new ArrayList<>(arguments.length + 1);
        command.add(nft.toString());
        command.addAll(List.of(arguments));
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new NftException(command, -1, "cannot start: " + e.getMessage(), context);
        }
        CompletableFuture<String> stdout = drain(process.getInputStream());
        CompletableFuture<String> stderr = drain(process.getErrorStream());
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // nft exited early; its stderr says why
        }
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new NftException(command, -1, "no exit after " + TIMEOUT_SECONDS + " s", context);
            }
            String errors = stderr.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (process.exitValue() != 0) {
                throw new NftException(command, process.exitValue(), errors, context);
            }
            return stdout.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new NftException(command, -1, "interrupted", context);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new NftException(command, -1, "reading its output failed: " + e, context);
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread.ofVirtual().name("nft-output").start(() -> {
            try (stream) {
                result.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }
}
