package io.vigil.dataplane.port;

import io.vigil.dataplane.api.Protocol;
import io.vigil.dataplane.linux.OwnedFlow;
import io.vigil.dataplane.linux.SteeringEntry;
import java.net.InetAddress;
import java.util.Set;

/**
 * A small process for {@link XdpCrashLabTest}: opens an XDP port on the device named by its argument, steers one
 * flow, prints {@code attached <program id>} and then waits to be killed. Run inside a lab namespace.
 */
public final class XdpHolder {

    private XdpHolder() {
    }

    public static void main(String[] args) throws Exception {
        XdpPort port = XdpPort.open(args[0], XdpConfig.defaults());
        port.steer(Set.of(SteeringEntry.of(OwnedFlow.service(args[0], Protocol.UDP,
                InetAddress.getByName("198.18.0.1"), 6401))));
        System.out.println("attached " + port.attachment().programId());
        System.out.flush();
        Thread.sleep(600_000);
    }
}
