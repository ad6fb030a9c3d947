package io.vigil.healthcheck.check;

import io.vigil.healthcheck.script.ScriptLauncher;
import io.vigil.healthcheck.spec.DnsCheck;
import io.vigil.healthcheck.spec.FileCheck;
import io.vigil.healthcheck.spec.HttpCheck;
import io.vigil.healthcheck.spec.MiscCheck;
import io.vigil.healthcheck.spec.PingCheck;
import io.vigil.healthcheck.spec.ProbeSpec;
import io.vigil.healthcheck.spec.SmtpCheck;
import io.vigil.healthcheck.spec.TcpCheck;
import io.vigil.healthcheck.spec.UdpCheck;

import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Builds the checker for each probe spec. Without a {@link Pinger}, PING_CHECK always fails as INTERNAL. Thread-safe. */
public final class CheckerFactory {

    private final CheckTransport transport;
    private final ScriptLauncher scripts;
    private final Pinger pinger;

    public CheckerFactory(CheckTransport transport, ScriptLauncher scripts, Optional<Pinger> pinger) {
        this.transport = transport;
        this.scripts = scripts;
        this.pinger = pinger.orElse(CheckerFactory::noPinger);
    }

    /** The checker for {@code probe}. */
    public Checker create(ProbeSpec probe) {
        return switch (probe) {
            case TcpCheck tcp -> new TcpChecker(transport, tcp);
            case HttpCheck http -> new HttpChecker(transport, http);
            case MiscCheck misc -> new MiscChecker(scripts, misc);
            case DnsCheck dns -> new DnsChecker(transport, dns);
            case SmtpCheck smtp -> new SmtpChecker(transport, smtp);
            case UdpCheck udp -> new UdpChecker(transport, udp);
            case PingCheck ping -> new PingChecker(pinger, ping);
            case FileCheck file -> new FileChecker(transport.group(), file);
        };
    }

    private static CompletableFuture<PingReply> noPinger(InetAddress target, long timeoutNanos) {
        return CompletableFuture.completedFuture(new PingReply(false, 0,
                "no ICMP pinger configured; PING_CHECK needs the dataplane's raw socket"));
    }
}
