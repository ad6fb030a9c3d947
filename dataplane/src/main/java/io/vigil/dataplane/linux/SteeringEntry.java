package io.vigil.dataplane.linux;

import io.vigil.dataplane.linux.bpf.SteeringKey;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;

/**
 * One key of the XDP steering map (see {@link SteeringKey}): a service, a NAT real server's replies, or an address
 * of the director itself. Immutable.
 *
 * @param address  VIP, RIP or local address
 * @param port     virtual or real port, 0 = any (0 for LOCAL)
 * @param protocol IP protocol number (0 for LOCAL)
 * @param kind     {@link SteeringKey#SERVICE}, {@link SteeringKey#NAT_REPLY} or {@link SteeringKey#LOCAL}
 */
public record SteeringEntry(InetAddress address, int port, int protocol, int kind) {

    /** The entry that steers an owned flow. */
    public static SteeringEntry of(OwnedFlow flow) {
        return new SteeringEntry(flow.address(), flow.port(), flow.protocol().number(),
                flow.kind() == OwnedFlow.Kind.SERVICE ? SteeringKey.SERVICE : SteeringKey.NAT_REPLY);
    }

    /** The entry that keeps reply-shaped traffic to {@code address} (the director's own) with the kernel. */
    public static SteeringEntry local(InetAddress address) {
        return new SteeringEntry(address, 0, 0, SteeringKey.LOCAL);
    }

    /** Writes the map key into {@code key}. */
    void write(MemorySegment key) {
        SteeringKey.write(key, address, port, protocol, kind);
    }
}
