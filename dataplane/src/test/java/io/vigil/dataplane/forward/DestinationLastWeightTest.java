package io.vigil.dataplane.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.dataplane.api.ForwardingMethod;
import io.vigil.dataplane.api.RealServer;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class DestinationLastWeightTest {

    private static RealServer server(int weight) {
        return RealServer.of(new InetSocketAddress("198.18.1.1", 80), weight, ForwardingMethod.DR);
    }

    @Test
    void lastWeightKeepsTheLatestWeightOtherThanZero() {
        Destination d = new Destination(1, server(3));
        assertEquals(3, d.lastWeight());
        d.reconfigure(server(0));
        assertEquals(0, d.weight());
        assertEquals(3, d.lastWeight());
        d.reconfigure(server(7));
        assertEquals(7, d.lastWeight());
    }

    @Test
    void aDestinationAddedQuiescedHasLastWeightZero() {
        Destination d = new Destination(1, server(0));
        assertEquals(0, d.lastWeight());
    }
}
