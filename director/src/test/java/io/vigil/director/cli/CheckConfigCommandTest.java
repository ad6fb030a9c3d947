package io.vigil.director.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckConfigCommandTest {

    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new Main().run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void validConfigExitsZeroAndDumpsJson() throws Exception {
        Path f = dir.resolve("k.conf");
        Files.writeString(f, """
                $P=130
                vrrp_instance VI_1 {
                  virtual_router_id 51
                  priority $P
                  advert_int 1
                  unicast_peer {
                    198.18.0.2
                  }
                  virtual_ipaddress {
                    198.18.0.100/24
                  }
                }
                virtual_server 198.18.0.100 80 {
                  lb_algo rr
                  lb_kind NAT
                  protocol TCP
                  real_server 198.18.1.1 8080 {
                    weight 3
                    HTTP_GET {
                      url {
                        path /
                      }
                    }
                  }
                }
                """);
        assertEquals(0, run("check-config", "-f", f.toString(), "--dump"), err.toString());
        Config c = ConfigFactory.parseString(out.toString(StandardCharsets.UTF_8),
                ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON));
        Config vi = c.getConfigList("vrrp_instances").getFirst();
        assertEquals(130, vi.getInt("priority"));
        assertEquals(1, vi.getInt("advert_int"));
        assertEquals("198.18.0.100", vi.getConfigList("virtual_ipaddress").getFirst().getString("ip"));
        Config vs = c.getConfigList("virtual_servers").getFirst();
        assertEquals("rr", vs.getString("lvs_sched"));
        assertEquals("NAT", vs.getString("lvs_method"));
        Config rs = vs.getConfigList("real_servers").getFirst();
        assertEquals(3, rs.getInt("weight"));
        assertEquals("HTTP_GET", rs.getConfigList("checkers").getFirst().getString("type"));
        assertEquals(3, rs.getConfigList("checkers").getFirst().getInt("delay_before_retry"));
    }

    @Test
    void errorsExitFourAndPrintOneLineEach() throws Exception {
        Path f = dir.resolve("k.conf");
        Files.writeString(f, "vrrp_instance V {\n  virtual_router_id 256\n  unicast_peer {\n198.18.0.2\n}\n}\n");
        assertEquals(4, run("check-config", "-f", f.toString()));
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains(f + ":2:21: error: virtual_router_id: found 256, expected an integer in 1..255"),
                text);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void unreadableFileExitsThree() {
        assertEquals(3, run("check-config", "-f", dir.resolve("none.conf").toString()));
    }

    @Test
    void configIdSelectsConditionalLines() throws Exception {
        Path f = dir.resolve("k.conf");
        Files.writeString(f, "global_defs {\n@a router_id A\n@^a router_id NOT_A\n}\n");
        assertEquals(0, run("check-config", "-f", f.toString(), "--config-id", "a", "--dump"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"router_id\": \"A\""), out.toString());
    }

    @Test
    void badArgumentsAreUsageErrors() {
        // Without -f it reads the default path (CommandLineTest); a bare -f is the usage error.
        assertEquals(2, run("check-config", "-f"));
        assertEquals(2, run("check-config", "-f", "x", "--bogus"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Usage: vigil check-config"));
    }
}
