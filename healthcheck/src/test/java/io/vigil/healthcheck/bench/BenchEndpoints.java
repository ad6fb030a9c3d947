package io.vigil.healthcheck.bench;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the benchmark's servers listen: {@value #ADDRESSES} addresses times {@value #PORTS} ports for each kind, so
 * every virtual server can have {@value #PER_KIND} distinct real servers. The addresses are {@code NET.1.x} (TCP) and
 * {@code NET.2.x} (HTTP), where NET is the system property {@value #NETWORK_PROPERTY}: {@code 127.0} by default (all
 * of 127.0.0.0/8 is loopback on Linux, RFC 1122 §3.2.1.3), {@code 198.18} when run.sh puts the servers in a network
 * namespace of their own. The client and server processes both compute them from here.
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
    /** The system property holding the first two octets of every address. */
    static final String NETWORK_PROPERTY = "vigil.bench.network";

    private BenchEndpoints() {
    }

    /** TCP_CHECK endpoints: NET.1.1-25. */
    static List<InetSocketAddress> tcp() {
        return endpoints(1);
    }

    /** HTTP_GET endpoints: NET.2.1-25. */
    static List<InetSocketAddress> http() {
        return endpoints(2);
    }

    private static List<InetSocketAddress> endpoints(int thirdOctet) {
        String network = System.getProperty(NETWORK_PROPERTY, "127.0");
        List<InetSocketAddress> out = new ArrayList<>(PER_KIND);
        for (int a = 1; a <= ADDRESSES; a++) {
            for (int p = 0; p < PORTS; p++) {
                out.add(new InetSocketAddress(network + "." + thirdOctet + "." + a, BASE_PORT + p));
            }
        }
        return out;
    }
}
