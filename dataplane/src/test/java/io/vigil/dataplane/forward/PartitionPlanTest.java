package io.vigil.dataplane.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.dataplane.api.ForwardingMethod;
import io.vigil.dataplane.api.Protocol;
import io.vigil.dataplane.api.RealServer;
import io.vigil.dataplane.api.Scheduler;
import io.vigil.dataplane.api.Service;
import io.vigil.dataplane.api.ServiceKey;
import io.vigil.dataplane.port.FlowPartition;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PartitionPlanTest {

    private static final ServiceKey WEB = ServiceKey.of(Protocol.TCP, address("198.18.0.100"), 80);
    private static final ServiceKey STICKY = ServiceKey.of(Protocol.TCP, address("198.18.0.101"), 80);
    private static final ServiceKey OTHER = ServiceKey.of(Protocol.TCP, address("198.18.0.102"), 80);
    private static final InetSocketAddress SHARED = new InetSocketAddress("198.18.1.1", 8080);

    @Test
    void servicesHashTheWholeClientAndNatRealServersAreReplyEndpoints() {
        Map<ServiceKey, Map<InetSocketAddress, RealServer>> pools = new LinkedHashMap<>();
        pools.put(WEB, Map.of(SHARED, RealServer.of(SHARED, 1, ForwardingMethod.NAT)));
        InetSocketAddress dr = new InetSocketAddress("198.18.1.2", 80);
        pools.put(OTHER, Map.of(dr, RealServer.of(dr, 1, ForwardingMethod.DR)));
        FlowPartition p = PartitionPlan.of(List.of(Service.of(WEB, Scheduler.RR), Service.of(OTHER, Scheduler.RR),
                Service.of(ServiceKey.fwmark(3, false), Scheduler.RR)), pools);
        assertEquals(List.of(new FlowPartition.Endpoint(6, WEB.address(), 80, 32, true),
                new FlowPartition.Endpoint(6, OTHER.address(), 80, 32, true)), p.services());
        assertEquals(List.of(new FlowPartition.Endpoint(6, SHARED.getAddress(), 8080, 32, true)), p.replies(),
                "DR real servers send no replies through the director");
    }

    @Test
    void servicesSharingANatRealServerTakeTheCoarsestRuleOfThem() {
        Service web = Service.of(WEB, Scheduler.RR);
        Service sticky = new Service(STICKY, Scheduler.RR, Set.of(), 300, 24);
        Service other = Service.of(OTHER, Scheduler.RR);
        InetSocketAddress own = new InetSocketAddress("198.18.1.3", 8080);
        Map<ServiceKey, Map<InetSocketAddress, RealServer>> pools = Map.of(
                WEB, Map.of(SHARED, RealServer.of(SHARED, 1, ForwardingMethod.NAT)),
                STICKY, Map.of(SHARED, RealServer.of(SHARED, 1, ForwardingMethod.NAT)),
                OTHER, Map.of(own, RealServer.of(own, 1, ForwardingMethod.NAT)));
        FlowPartition p = PartitionPlan.of(List.of(web, sticky, other), pools);
        assertEquals(List.of(new FlowPartition.Endpoint(6, WEB.address(), 80, 24, false),
                new FlowPartition.Endpoint(6, STICKY.address(), 80, 24, false),
                new FlowPartition.Endpoint(6, OTHER.address(), 80, 32, true)), p.services());
        assertEquals(List.of(new FlowPartition.Endpoint(6, SHARED.getAddress(), 8080, 24, false),
                new FlowPartition.Endpoint(6, own.getAddress(), 8080, 32, true)), p.replies());
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
