package io.vigil.healthcheck.spec;

/** What one checker probes: one record per keepalived checker type (keepalived.conf(5) L2562-2790). */
public sealed interface ProbeSpec permits TcpCheck, HttpCheck, MiscCheck, DnsCheck, SmtpCheck, UdpCheck, PingCheck,
        FileCheck {

    /** keepalived's keyword for this checker, e.g. {@code TCP_CHECK}; used in logs, metrics and views. */
    String keyword();
}
