package io.vigil.director.config;

/**
 * One health checker of a real server (keepalived.conf(5) "Virtual server(s)", checker blocks). A real server is
 * alive only when all its checkers are up.
 */
public sealed interface Checker permits TcpCheck, HttpCheck, MiscCheck, DnsCheck, SmtpCheck, UdpCheck, PingCheck,
        FileCheck, BfdCheck {

    /** The block keyword: {@code TCP_CHECK}, {@code HTTP_GET}, {@code SSL_GET}, ... */
    String type();

    /** Where the checker block starts. */
    SourcePosition position();
}
