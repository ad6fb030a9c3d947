/**
 * Vigil's dataplane: the only module that makes native calls (java.lang.foreign). It exports the control-plane
 * verbs ({@code api}), the packet flyweights, the port and forwarding contracts, and the Linux verb types that vrrp
 * and director use (sockets, rings, rtnetlink, network namespaces, nftables steering, and the rtnetlink value types);
 * {@code Libc} and the struct layouts are package-private in {@code linux} and stay inside.
 */
module io.vigil.dataplane {
    requires org.agrona;
    requires org.slf4j;

    exports io.vigil.dataplane.api;
    exports io.vigil.dataplane.packet;
    exports io.vigil.dataplane.port;
    exports io.vigil.dataplane.forward;
    exports io.vigil.dataplane.forward.schedule;
    exports io.vigil.dataplane.linux;
    exports io.vigil.dataplane.linux.netlink;
    exports io.vigil.dataplane.linux.bpf;
}
