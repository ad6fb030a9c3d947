package io.vigil.dataplane.port;

/**
 * Opens the packet ports of one interface for a number of workers: worker {@code i} of {@code n} gets its own port
 * (its own socket, rings or AF_XDP queue), and the group shares the interface's frames among them as a
 * {@link FlowPartition} says. The seam where a backend plugs in: TPACKET with PACKET_FANOUT
 * ({@link TpacketPortFactory}), AF_XDP with one socket per queue ({@link XdpPortGroup}).
 *
 * <p>Threading: called from the dataplane's control thread; the ports belong to the network namespace of that thread.
 */
@FunctionalInterface
public interface PortFactory {

    /**
     * Opens {@code workers} ports on {@code device}.
     *
     * @throws Exception naming the device and what failed (no such device, no permission, ...)
     */
    PortGroup open(String device, int workers) throws Exception;
}
