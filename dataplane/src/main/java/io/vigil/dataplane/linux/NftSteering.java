package io.vigil.dataplane.linux;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the kernel away from the flows the dataplane owns: one nftables table (family {@code netdev}) with an
 * ingress chain per device whose rules drop each {@link OwnedFlow} and count it. AF_PACKET taps (ETH_P_ALL) run
 * before the ingress hook, so a {@link PacketRing} still sees what this table drops (ffm-feasibility Q6), while the
 * kernel never answers an owned flow with a RST or forwards it a second time. Everything else (SSH, ICMP to the
 * VIP, VRRP, ARP/ND, health-check replies to the director) still reaches the kernel.
 *
 * <p>Verbs: {@link #reconcile()} at start removes a table of the same name left by a crashed run;
 * {@link #steer(Set)} replaces the rule set with exactly the given flows in one {@code nft -f -} transaction (no
 * window without rules); {@link #close()} removes the table. It runs {@code nft} (no shell) in the network namespace
 * of the calling thread (a child process inherits the namespace of the thread that starts it).
 *
 * <p>Thread safety: one owner thread (the dataplane's control thread).
 */
public final class NftSteering implements AutoCloseable {

    /** The table name Vigil uses unless told otherwise. */
    public static final String DEFAULT_TABLE = "vigil";
    private static final long TIMEOUT_SECONDS = 10;

    private final String table;
    private final Path nft;
    private List<OwnedFlow> installed = List.of();

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

    /**
     * At start: removes a table of this name left by an earlier run that did not shut down. Returns whether one was
     * there.
     */
    public boolean reconcile() throws NftException {
        boolean stale = present();
        remove();
        return stale;
    }

    /**
     * Makes the dataplane own exactly {@code flows}: replaces the table (a stale one included) in one transaction.
     * An empty set leaves an empty table.
     */
    public void steer(Set<OwnedFlow> flows) throws NftException {
        List<OwnedFlow> ordered = flows.stream().sorted(OwnedFlow.RULE_ORDER).toList();
        run(NftRuleset.install(table, ordered), "install table netdev " + table + " with " + ordered.size() + " rules",
                "-f", "-");
        installed = ordered;
    }

    /** Removes the table; nothing happens when it does not exist. */
    public void remove() throws NftException {
        run(NftRuleset.remove(table), "remove table netdev " + table, "-f", "-");
        installed = List.of();
    }

    /** Removes the table (at deactivation and at exit). */
    @Override
    public void close() throws NftException {
        remove();
    }

    /** The flows of the last {@link #steer}, in rule order; empty after {@link #remove}. */
    public Set<OwnedFlow> owned() {
        return new LinkedHashSet<>(installed);
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
