package io.vigil.director.config;

import java.net.InetAddress;
import java.time.Duration;

/**
 * The options every socket checker shares, already inherited virtual_server -> real_server -> checker and defaulted
 * (keepalived.conf(5) "Virtual server(s)"; check_api.c L149-154 and L425-441).
 *
 * @param connectIp        {@code connect_ip}, or null for the real server's address
 * @param connectPort      {@code connect_port}, or null for the real server's port
 * @param bindTo           {@code bindto}, or null
 * @param bindPort         {@code bind_port}, or null
 * @param bindIf           {@code bind_if}, or null
 * @param fwmark           {@code fwmark}, or null
 * @param alpha            {@code alpha}: start down
 * @param connectTimeout   {@code connect_timeout}, default 5 s
 * @param retry            {@code retry} (legacy {@code nb_get_retry}); default 1, DNS_CHECK 3, MISC_CHECK 0
 * @param delayBeforeRetry {@code delay_before_retry}; default 1 s, HTTP_GET/SSL_GET 3 s, DNS_CHECK the delay_loop
 * @param warmup           {@code warmup}, or null for a random delay up to delay_loop
 * @param delayLoop        {@code delay_loop}, default 60 s
 * @param logAllFailures   {@code log_all_failures}
 */
public record CheckerSettings(InetAddress connectIp, Integer connectPort, InetAddress bindTo, Integer bindPort,
        String bindIf, Integer fwmark, boolean alpha, Duration connectTimeout, int retry, Duration delayBeforeRetry,
        Duration warmup, Duration delayLoop, boolean logAllFailures) {
}
