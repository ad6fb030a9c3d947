package io.vigil.dataplane.forward.schedule;

import io.vigil.dataplane.api.ForwardingMethod;
import io.vigil.dataplane.api.RealServer;
import io.vigil.dataplane.forward.AddressWords;
import io.vigil.dataplane.forward.Destination;
import io.vigil.dataplane.forward.Flow;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** Destinations and flows for the scheduler tests (addresses from 198.18.0.0/15). */
final class Fixture {

    static final int TCP = 6;
    static final int UDP = 17;
    static final int ICMP = 1;
    private static int nextId = 1;

    private Fixture() {
    }

    /** A NAT destination 198.18.1.{host}:80 with this weight. */
    static Destination destination(int host, int weight) {
        return destination("198.18.1." + host, 80, weight, 0);
    }

    static Destination destination(String address, int port, int weight, int upperThreshold) {
        return new Destination(nextId++, new RealServer(new InetSocketAddress(address(address), port), weight,
                ForwardingMethod.NAT, upperThreshold, 0));
    }

    /** Sets the connection counts of a fresh destination. */
    static Destination withConnections(Destination d, int active, int inactive) {
        for (int i = 0; i < active; i++) {
            d.connectionOpened(true);
        }
        for (int i = 0; i < inactive; i++) {
            d.connectionOpened(false);
        }
        return d;
    }

    /** The destination with another weight. */
    static void reweigh(Destination d, int weight) {
        RealServer c = d.config();
        d.reconfigure(new RealServer(c.address(), weight, c.method(), c.upperThreshold(), c.lowerThreshold()));
    }

    /** A TCP flow from {@code source}:{@code port} to 198.18.0.100:80. */
    static Flow from(String source, int port) {
        return flow(TCP, source, port, "198.18.0.100", 80);
    }

    /** A TCP flow from 198.18.2.1:40000 to {@code destination}:80. */
    static Flow to(String destination) {
        return flow(TCP, "198.18.2.1", 40000, destination, 80);
    }

    /** A TCP flow from the IPv4 address numbered {@code source} (any 32 bits) to 198.18.0.100:80. */
    static Flow fromNumber(int source, int port) {
        InetAddress d = address("198.18.0.100");
        return new Flow().set(TCP, AddressWords.V4_HIGH, AddressWords.v4Low(source), port, AddressWords.high(d),
                AddressWords.low(d), 80);
    }

    static Flow flow(int protocol, String source, int sourcePort, String destination, int destinationPort) {
        InetAddress s = address(source);
        InetAddress d = address(destination);
        return new Flow().set(protocol, AddressWords.high(s), AddressWords.low(s), sourcePort, AddressWords.high(d),
                AddressWords.low(d), destinationPort);
    }

    /** The next {@code n} picks. */
    static List<Destination> picks(DestinationScheduler scheduler, Flow flow, int n) {
        List<Destination> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(scheduler.schedule(flow));
        }
        return out;
    }

    /** {@code scheduler} after it was told {@code destinations}. */
    static <S extends DestinationScheduler> S over(S scheduler, Destination... destinations) {
        scheduler.destinationsChanged(List.of(destinations));
        return scheduler;
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
