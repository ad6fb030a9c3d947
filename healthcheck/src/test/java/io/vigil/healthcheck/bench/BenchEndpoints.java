package io.vigil.healthcheck.bench;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the benchmark's loopback servers listen: {@value #ADDRESSES} addresses of 127.0.0.0/8 (all of it is
 * loopback on Linux, RFC 1122 §3.2.1.3) times {@value #PORTS} ports for each kind, so every virtual server can have
 * {@value #PER_KIND} distinct real servers. The client and server processes both compute them from here.
 */
final class BenchEndpoints {

    /** Addresses per kind. */
    static final int ADDRESSES = 25;
    /** Ports per address. */
    static final int PORTS = 4;
    /** Distinct endpoints per kind. */
    static final int PER_KIND = ADDRESSES * PORTS;
    /** First port; ports are {@code BASE_PORT .. BASE_PORT + PORTS - 1}. */
    static final int BASE_PORT = 21001;
    /** The HTTP servers' body, whose MD5 the HTTP_GET checks expect. */
    static final String BODY = "vigil health-check benchmark backend\n";

    private BenchEndpoints() {
    }

    /** TCP_CHECK endpoints: 127.0.1.1-25. */
    static List<InetSocketAddress> tcp() {
        return endpoints(1);
    }

    /** HTTP_GET endpoints: 127.0.2.1-25. */
    static List<InetSocketAddress> http() {
        return endpoints(2);
    }

    private static List<InetSocketAddress> endpoints(int thirdOctet) {
        List<InetSocketAddress> out = new ArrayList<>(PER_KIND);
        for (int a = 1; a <= ADDRESSES; a++) {
            for (int p = 0; p < PORTS; p++) {
                out.add(new InetSocketAddress("127.0." + thirdOctet + "." + a, BASE_PORT + p));
            }
        }
        return out;
    }
}
