package io.vigil.director.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The picocli command line: help for every command, keepalived's option forms, the default path, exit codes. */
class CommandLineTest {

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    private int run(String... args) {
        return cli.run(args);
    }

    private String stdout() {
        return cli.stdout();
    }

    private String stderr() {
        return cli.stderr();
    }

    @Test
    void everyCommandAnswersHelpOnStdoutWithExitZero() {
        Set<String> names = Main.commandLine().getSubcommands().keySet();
        assertTrue(names.containsAll(Set.of("version", "check-config", "run", "status", "list", "genhash", "demo",
                "help", "generate-completion", "reload", "tunnel-endpoint")), names.toString());
        for (String name : names) {
            assertEquals(0, run(name, "--help"), name + ": " + stderr());
            assertTrue(stdout().contains("Usage: vigil " + name), name + ":\n" + stdout());
        }
        assertEquals(0, run("--help"));
        assertTrue(stdout().contains("check-config") && stdout().contains("Exit codes:"), stdout());
    }

    /** A configuration with one warning-free instance, and its dump's router_id to prove the file was read. */
    private Path config() throws Exception {
        return Files.writeString(dir.resolve("k.conf"), "global_defs {\n    router_id form_test\n}\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-f FILE", "-fFILE", "--use-file=FILE", "--use-file FILE", "--config-file FILE"})
    void keepalivedsFileOptionForms(String form) throws Exception {
        String file = config().toString();
        List<String> args = new java.util.ArrayList<>(List.of("check-config", "--dump"));
        args.addAll(List.of(form.replace("FILE", file).split(" ")));
        assertEquals(0, run(args.toArray(String[]::new)), stderr());
        assertTrue(stdout().contains("\"form_test\""), stdout());
    }

    @Test
    void withoutMinusFTheVigilPathComesFirstThenKeepalivedsThenTheVigilPathAgain() {
        ConfigFileOption option = new ConfigFileOption();
        Path vigil = Path.of("/etc/vigil/keepalived.conf");
        Path keepalived = Path.of("/etc/keepalived/keepalived.conf");
        assertEquals(vigil, option.resolve(p -> true));
        assertEquals(keepalived, option.resolve(keepalived::equals));
        assertEquals(vigil, option.resolve(p -> false));
        option.file = Path.of("/x.conf");
        assertEquals(Path.of("/x.conf"), option.resolve(p -> true));
    }

    @Test
    void exitCodesAreTheDocumentedOnes() throws Exception {
        assertEquals(0, run("check-config", "-f", config().toString()));
        assertEquals(3, run("check-config", "-f", dir.resolve("missing.conf").toString()));
        Path errors = Files.writeString(dir.resolve("e.conf"), "vrrp_instance VI_1 {\n    priority 300\n}\n");
        assertEquals(4, run("check-config", "-f", errors.toString()));
        assertEquals(2, run("check-config", "-f"));
        assertTrue(stderr().startsWith("vigil check-config: Missing required parameter for option '--config-file' (FILE)"), stderr());
        assertEquals(2, run("check-config", "--bogus"));
        assertTrue(stderr().startsWith("vigil check-config: unknown option '--bogus'"), stderr());
        assertEquals(2, run("frobnicate"));
        assertTrue(stderr().startsWith("vigil: unknown command 'frobnicate'; expected one of version, check-config"),
                stderr());
        assertEquals(1, run("status", "--state-dir", dir.toString()));
        assertEquals(0, run("-v"));
        assertTrue(stdout().startsWith("vigil "), stdout());
    }

    @Test
    void reloadAndCheckConfigDiffAskTheDaemonAndCheckTheirOptions() throws Exception {
        assertEquals(1, run("reload", "--state-dir", dir.toString()));
        assertTrue(stderr().startsWith("vigil reload: no vigil daemon"), stderr());
        assertEquals(2, run("reload", "--diff"));
        assertTrue(stderr().startsWith("vigil reload: unknown option '--diff'"), stderr());
        String file = config().toString();
        assertEquals(1, run("check-config", "--diff", "-f", file, "--state-dir", dir.toString()));
        assertTrue(stderr().startsWith("vigil check-config --diff: no vigil daemon"), stderr());
        assertEquals(2, run("check-config", "--diff"));
        assertTrue(stderr().startsWith("vigil check-config: --diff needs -f FILE"), stderr());
        assertEquals(2, run("check-config", "-f", file, "--state-dir", dir.toString()));
        assertTrue(stderr().startsWith("vigil check-config: --state-dir goes with --diff"), stderr());
    }

    /** The words {@code vigil status} sends the daemon for each form of {@code --json}. */
    private static List<String> statusRequest(String... args) {
        CommandLine cli = Main.commandLine();
        cli.parseArgs(args);
        return ((StatusCommand) cli.getSubcommands().get("status").getCommandSpec().userObject()).request();
    }

    @Test
    void statusJsonTakesAnOptionalLayout() {
        assertEquals(List.of("status"), statusRequest("status"));
        assertEquals(List.of("status", "--json"), statusRequest("status", "--json"));
        assertEquals(List.of("status", "--json"), statusRequest("status", "--json=vigil"));
        assertEquals(List.of("status", "--json=keepalived"), statusRequest("status", "--json=keepalived"));
        assertEquals(List.of("status", "--json=keepalived"), statusRequest("status", "--json", "keepalived"));
        assertEquals(2, run("status", "--json=xml"));
        assertTrue(stderr().startsWith("vigil status: Invalid value for option '--json'"), stderr());
        assertTrue(stderr().contains("VIGIL, KEEPALIVED") || stderr().contains("vigil, keepalived"), stderr());
    }

    @Test
    void bashCompletionCoversCommandsAndOptions() {
        assertEquals(0, run("generate-completion"));
        assertTrue(stdout().contains("complete -F _complete_vigil") && stdout().contains("check-config")
                && stdout().contains("--use-file"), stdout().substring(0, Math.min(400, stdout().length())));
    }

    @Test
    void theModelIsWhatTheManPagesAreGeneratedFrom() {
        CommandLine run = Main.commandLine().getSubcommands().get("run");
        assertTrue(run.getCommandSpec().findOption("--use-file") != null);
        assertTrue(run.getCommandSpec().findOption("--settings").defaultValue().equals("/etc/vigil/vigil.conf"));
    }
}
