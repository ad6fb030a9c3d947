package io.vigil.dataplane.port;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * How frames are shared among workers so that both directions of a connection reach the worker that holds its
 * entry: by a hash of the connection's <em>client</em> end, the one endpoint a NAT flow keeps in both directions
 * (client to VIP:port, and real server to client after the rewrite). A frame to a {@link #services} endpoint has the
 * client as its source; a frame from a {@link #replies} endpoint (a NAT real server) has it as its destination.
 * Each endpoint says how much of the client counts: the address under {@link Endpoint#clientPrefix} and, unless the
 * service is persistent, the port. Frames matching no endpoint go to worker 0. Immutable.
 *
 * @param services frames to these endpoints come from the client
 * @param replies  frames from these endpoints go to the client
 */
public record FlowPartition(List<Endpoint> services, List<Endpoint> replies) {

    /** Nothing owned: every frame to worker 0. */
    public static final FlowPartition EMPTY = new FlowPartition(List.of(), List.of());

    public FlowPartition {
        services = List.copyOf(services);
        replies = List.copyOf(replies);
    }

    /**
     * One endpoint the dataplane owns, and how its flows' client end is hashed.
     *
     * @param protocol     the IP protocol number (6 TCP, 17 UDP)
     * @param address      the VIP, or the real server's address
     * @param port         the VIP's or the real server's port
     * @param clientPrefix the leading bits of the client address that count (32 or 128: all of it)
     * @param clientPort   whether the client port counts (false for persistent services, whose connections of one
     *                     client must meet one persistence template)
     */
    public record Endpoint(int protocol, InetAddress address, int port, int clientPrefix, boolean clientPort) {

        public Endpoint {
            Objects.requireNonNull(address, "address");
            int bits = address.getAddress().length * 8;
            if (clientPrefix < 0 || clientPrefix > bits) {
                throw new IllegalArgumentException("client prefix /" + clientPrefix + " for " + address.getHostAddress()
                        + ", expected 0 to " + bits);
            }
            if (port < 0 || port > 0xffff || protocol < 0 || protocol > 0xff) {
                throw new IllegalArgumentException("endpoint " + protocol + " " + address.getHostAddress() + ":" + port
                        + ", expected a protocol 0-255 and a port 0-65535");
            }
        }

        /** Whether the address is IPv6. */
        public boolean ipv6() {
            return address.getAddress().length == 16;
        }
    }
}
