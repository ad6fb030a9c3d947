package io.vigil.director.health;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.healthcheck.spec.CheckSpec;
import io.vigil.healthcheck.spec.CheckTiming;
import io.vigil.healthcheck.spec.DnsCheck;
import io.vigil.healthcheck.spec.FileCheck;
import io.vigil.healthcheck.spec.HttpCheck;
import io.vigil.healthcheck.spec.HttpProtocol;
import io.vigil.healthcheck.spec.MiscCheck;
import io.vigil.healthcheck.spec.PingCheck;
import io.vigil.healthcheck.spec.RealServerSpec;
import io.vigil.healthcheck.spec.ScriptSpec;
import io.vigil.healthcheck.spec.SmtpCheck;
import io.vigil.healthcheck.spec.StatusCodes;
import io.vigil.healthcheck.spec.TcpCheck;
import io.vigil.healthcheck.spec.UdpCheck;
import io.vigil.healthcheck.spec.VirtualServerSpec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthSpecMapperTest {

    private static final long S = TimeUnit.SECONDS.toNanos(1);

    @TempDir
    Path dir;

    private HealthMapping map(String text) throws Exception {
        return HealthSpecMapper.map(ConfigText.load(dir, text));
    }

    private static InetSocketAddress at(String host, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    @Test
    void timingIsInheritedVirtualServerToRealServerToCheckerWithEachCheckersDefaults() throws Exception {
        HealthMapping m = map("""
                virtual_server 198.18.0.10 80 {
                    protocol TCP
                    delay_loop 10
                    connect_timeout 4
                    real_server 198.18.0.2 80 {
                        retry 3
                        TCP_CHECK {
                            delay_before_retry 2
                        }
                        HTTP_GET {
                            url {
                                path /
                            }
                        }
                        DNS_CHECK {
                            warmup 0
                        }
                        MISC_CHECK {
                            misc_path "/bin/true"
                        }
                    }
                    real_server 198.18.0.3 80 {
                        TCP_CHECK {
                            delay_loop 2
                            connect_timeout 0.5
                            alpha
                        }
                        MISC_CHECK {
                            misc_path "/bin/true"
                        }
                        HTTP_GET {
                            url {
                                path /
                            }
                        }
                        DNS_CHECK {
                        }
                    }
                }
                """);
        List<CheckSpec> first = m.specs().getFirst().realServers().get(0).checks();
        assertEquals(new CheckTiming(10 * S, 3, 2 * S, 10 * S, false), first.get(0).timing());
        assertEquals(4 * S, ((TcpCheck) first.get(0).probe()).connect().connectTimeoutNanos());
        assertEquals(new CheckTiming(10 * S, 3, 3 * S, 10 * S, false), first.get(1).timing(), "HTTP_GET: 3 s");
        assertEquals(new CheckTiming(10 * S, 3, 10 * S, 0, false), first.get(2).timing(), "DNS_CHECK: delay_loop");
        assertEquals(new CheckTiming(10 * S, 3, S, 10 * S, false), first.get(3).timing());

        List<CheckSpec> second = m.specs().getFirst().realServers().get(1).checks();
        assertEquals(new CheckTiming(2 * S, 1, S, 2 * S, true), second.get(0).timing());
        assertEquals(S / 2, ((TcpCheck) second.get(0).probe()).connect().connectTimeoutNanos());
        assertEquals(0, second.get(1).timing().retry(), "MISC_CHECK retry defaults to 0");
        assertEquals(1, second.get(2).timing().retry(), "HTTP_GET retry defaults to 1");
        assertEquals(3 * S, second.get(2).timing().delayBeforeRetryNanos());
        assertEquals(3, second.get(3).timing().retry(), "DNS_CHECK retry defaults to 3");
        assertTrue(m.warnings().isEmpty(), m.warnings().toString());
    }

    @Test
    void virtualServerKnobsMapOntoTheSpec() throws Exception {
        HealthMapping m = map("""
                global_defs {
                    script_user nobody
                }
                virtual_server 198.18.0.10 80 {
                    protocol TCP
                    quorum 2
                    hysteresis 1
                    quorum_up "/bin/up arg"
                    quorum_down "/bin/down" root
                    sorry_server 198.18.0.9 8080
                    sorry_server_inhibit
                    omega
                    inhibit_on_failure
                    real_server 198.18.0.2 80 {
                        weight 3
                        notify_up "/bin/rs-up"
                        notify_down "/bin/rs-down"
                        TCP_CHECK {
                        }
                    }
                    real_server 198.18.0.3 8080 {
                        inhibit_on_failure false
                        TCP_CHECK {
                            connect_ip 198.18.0.4
                            connect_port 81
                            bindto 198.18.0.1
                        }
                    }
                    real_server 198.18.0.3 8080 {
                    }
                }
                """);
        VirtualServerSpec vs = m.specs().getFirst();
        assertEquals("[198.18.0.10]:tcp:80", vs.name());
        assertEquals(2, vs.quorum());
        assertEquals(1, vs.hysteresis());
        assertEquals(Optional.of(new ScriptSpec("/bin/up arg", Optional.of("nobody"), Optional.empty())), vs.quorumUp());
        assertEquals(Optional.of(new ScriptSpec("/bin/down", Optional.of("root"), Optional.empty())), vs.quorumDown());
        assertEquals(at("198.18.0.9", 8080), vs.sorryServer().orElseThrow().address());
        assertTrue(vs.sorryServer().orElseThrow().inhibit());
        assertTrue(vs.omega());
        assertEquals(2, vs.realServers().size(), "the duplicate real server is dropped");

        RealServerSpec rs = vs.realServers().get(0);
        assertEquals(at("198.18.0.2", 80), rs.address());
        assertEquals(3, rs.weight());
        assertTrue(rs.inhibitOnFailure(), "inherited from the virtual server");
        assertEquals("/bin/rs-up", rs.notifyUp().orElseThrow().commandLine());
        assertEquals(Optional.of("nobody"), rs.notifyDown().orElseThrow().user());
        assertEquals(at("198.18.0.2", 80), ((TcpCheck) rs.checks().getFirst().probe()).connect().target());

        RealServerSpec other = vs.realServers().get(1);
        assertFalse(other.inhibitOnFailure());
        TcpCheck tcp = (TcpCheck) other.checks().getFirst().probe();
        assertEquals(at("198.18.0.4", 81), tcp.connect().target());
        assertEquals(Optional.of(at("198.18.0.1", 0)), tcp.connect().bindTo());
    }

    @Test
    void eachCheckerTypeMapsOntoItsProbe() throws Exception {
        HealthMapping m = map("""
                track_file tf {
                    file "/run/vigil-weight"
                    weight 5
                }
                virtual_server 198.18.0.10 80 {
                    protocol TCP
                    virtualhost vs.example
                    real_server 198.18.0.2 80 {
                        HTTP_GET {
                            http_protocol 1.1
                            url {
                                path /health
                                digest 9B3A0C85A887A256D6939DA88AABD8CD
                                status_code 200-204 301
                            }
                            url {
                                path /digest-only
                                digest 9b3a0c85a887a256d6939da88aabd8cd
                                virtualhost url.example
                            }
                        }
                        SSL_GET {
                            enable_sni
                            url {
                                path /
                            }
                        }
                        MISC_CHECK {
                            misc_path "/usr/local/bin/check 'a b'"
                            misc_timeout 7
                            misc_dynamic
                            user nobody nogroup
                        }
                        DNS_CHECK {
                            connect_port 53
                            type a
                            name example.org
                        }
                        SMTP_CHECK {
                            helo_name me.example
                            host {
                                connect_ip 198.18.0.5
                                connect_port 25
                            }
                            host {
                                connect_ip 198.18.0.6
                                connect_port 587
                                retry 4
                            }
                        }
                        UDP_CHECK {
                            payload 0a0B
                            require_reply ff
                            min_reply_length 1
                            max_reply_length 9
                        }
                        PING_CHECK {
                            connect_timeout 2
                        }
                        FILE_CHECK {
                            track_file tf
                        }
                        BFD_CHECK {
                            name b1
                        }
                    }
                }
                """);
        List<CheckSpec> checks = m.specs().getFirst().realServers().getFirst().checks();
        assertEquals(List.of("HTTP_GET", "SSL_GET", "MISC_CHECK", "DNS_CHECK", "SMTP_CHECK", "SMTP_CHECK", "UDP_CHECK",
                "PING_CHECK", "FILE_CHECK"), checks.stream().map(c -> c.probe().keyword()).toList());

        HttpCheck http = (HttpCheck) checks.get(0).probe();
        assertEquals(HttpProtocol.HTTP_1_1, http.protocol());
        assertEquals(Optional.of("vs.example"), http.virtualhost(), "virtualhost inherited from the virtual server");
        assertEquals(Optional.of("9b3a0c85a887a256d6939da88aabd8cd"), http.urls().get(0).digest());
        assertEquals(StatusCodes.parse("200-204 301"), http.urls().get(0).statusCodes());
        assertTrue(http.urls().get(1).statusCodes().accepts(500), "a digest alone checks no status");
        assertEquals(Optional.of("url.example"), http.urls().get(1).virtualhost());
        HttpCheck ssl = (HttpCheck) checks.get(1).probe();
        assertTrue(ssl.tls() && ssl.enableSni());

        MiscCheck misc = (MiscCheck) checks.get(2).probe();
        assertEquals(new ScriptSpec("/usr/local/bin/check 'a b'", Optional.of("nobody"), Optional.of("nogroup")),
                misc.script());
        assertEquals(7 * S, misc.timeoutNanos());
        assertTrue(misc.dynamic());

        DnsCheck dns = (DnsCheck) checks.get(3).probe();
        assertEquals("A", dns.type());
        assertEquals("example.org", dns.name());
        assertEquals(at("198.18.0.2", 53), dns.connect().target());

        assertEquals(at("198.18.0.5", 25), ((SmtpCheck) checks.get(4).probe()).connect().target());
        assertEquals("me.example", ((SmtpCheck) checks.get(4).probe()).heloName());
        assertEquals(at("198.18.0.6", 587), ((SmtpCheck) checks.get(5).probe()).connect().target());
        assertEquals(4, checks.get(5).timing().retry());

        UdpCheck udp = (UdpCheck) checks.get(6).probe();
        assertArrayEquals(new byte[] {0x0a, 0x0b}, udp.payload());
        assertTrue(udp.requireReply());
        assertArrayEquals(new byte[] {(byte) 0xff}, udp.expectedReply().orElseThrow());
        assertEquals(1, udp.minReplyLength());
        assertEquals(9, udp.maxReplyLength());

        PingCheck ping = (PingCheck) checks.get(7).probe();
        assertEquals(InetAddress.getByName("198.18.0.2"), ping.target());
        assertEquals(2 * S, ping.timeoutNanos());

        FileCheck file = (FileCheck) checks.get(8).probe();
        assertEquals(Path.of("/run/vigil-weight"), file.file());
        assertEquals(5, file.weight());

        assertTrue(m.warnings().stream().anyMatch(w -> w.contains("BFD_CHECK is not supported")), m.warnings().toString());
    }

    @Test
    void aCheckerWithoutAPortIsSkippedWithAWarning() throws Exception {
        HealthMapping m = map("""
                virtual_server fwmark 7 {
                    real_server 198.18.0.2 {
                        TCP_CHECK {
                        }
                        TCP_CHECK {
                            connect_port 22
                        }
                    }
                }
                """);
        RealServerSpec rs = m.specs().getFirst().realServers().getFirst();
        assertEquals(at("198.18.0.2", 0), rs.address());
        assertEquals(1, rs.checks().size());
        assertEquals(22, ((TcpCheck) rs.checks().getFirst().probe()).connect().target().getPort());
        assertTrue(m.warnings().getFirst().contains("expected connect_port"), m.warnings().toString());
        assertEquals("fwmark 7", m.specs().getFirst().name());
    }
}
