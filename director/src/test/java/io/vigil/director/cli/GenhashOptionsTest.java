package io.vigil.director.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.healthcheck.spec.HttpProtocol;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class GenhashOptionsTest {

    /** picocli parses the line as vigil genhash would; its errors become Bad like the value checks. */
    private static GenhashOptions.Parsed parse(String line) {
        GenhashCommand command = new GenhashCommand();
        try {
            new CommandLine(command).parseArgs(line.split(" "));
        } catch (CommandLine.ParameterException e) {
            return new GenhashOptions.Bad(e.getMessage());
        }
        return command.options();
    }

    @Test
    void parsesEveryOptionInShortForm() throws Exception {
        GenhashOptions o = assertInstanceOf(GenhashOptions.Ok.class,
                parse("-S -I -s ::1 -p 8443 -u /x?y=1 -V v.example -P 1.0C -t 3 -v")).options();
        assertEquals(InetAddress.getByName("::1"), o.server().getAddress());
        assertEquals(8443, o.server().getPort());
        assertEquals("/x?y=1", o.path());
        assertTrue(o.tls() && o.sni() && o.verbose());
        assertEquals(Optional.of("v.example"), o.virtualhost());
        assertEquals(HttpProtocol.HTTP_1_0C, o.protocol());
        assertEquals(TimeUnit.SECONDS.toNanos(3), o.timeoutNanos());
    }

    @Test
    void defaultsAreHttp10PlainFiveSeconds() {
        GenhashOptions o = assertInstanceOf(GenhashOptions.Ok.class,
                parse("--server 198.18.0.1 --port=80 --url=/")).options();
        assertEquals(HttpProtocol.HTTP_1_0, o.protocol());
        assertEquals(TimeUnit.SECONDS.toNanos(5), o.timeoutNanos());
        assertEquals(Optional.empty(), o.virtualhost());
        assertTrue(!o.tls() && !o.sni() && !o.verbose());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-s 127.0.0.1 -p 80                | missing -u",
        "-p 80 -u /                        | missing -s",
        "-s www.example.com -p 80 -u /     | --server 'www.example.com': expected an IPv4 or IPv6 address",
        "-s 127.0.0.1 -p 0 -u /            | --port '0': expected a port number 1-65535",
        "-s 127.0.0.1 -p 65536 -u /        | --port '65536': expected a port number 1-65535",
        "-s 127.0.0.1 -p http -u /         | --port 'http'",
        "-s 127.0.0.1 -p 80 -u index.html  | --url 'index.html': expected a path starting with /",
        "-s 127.0.0.1 -p 80 -u / -P 2      | --protocol '2': expected 1.0, 1.0C or 1.1",
        "-s 127.0.0.1 -p 80 -u / -t 0      | --timeout '0': expected a whole number of seconds >= 1",
        "-s 127.0.0.1 -p 80 -u / -I        | --use-sni needs --use-virtualhost",
        "-s 127.0.0.1 -p 80 -u / -m 1      | firewall mark) is not supported",
        "-s 127.0.0.1 -p 80 -u / --frob    | Unknown option: '--frob'",
        "-s 127.0.0.1 -p 80 -u             | Missing required parameter for option '--url' (PATH)",
    })
    void badCommandLinesSayWhatIsWrong(String line, String expected) {
        GenhashOptions.Bad bad = assertInstanceOf(GenhashOptions.Bad.class, parse(line.strip()));
        assertTrue(bad.message().contains(expected.strip()), bad.message());
    }

    @Test
    void keepalivedsAttachedShortFormsParse() {
        GenhashOptions o = assertInstanceOf(GenhashOptions.Ok.class, parse("-s127.0.0.1 -p8080 -u/x -SvP1.1")).options();
        assertEquals(8080, o.server().getPort());
        assertEquals("/x", o.path());
        assertTrue(o.tls() && o.verbose());
        assertEquals(HttpProtocol.HTTP_1_1, o.protocol());
    }
}
