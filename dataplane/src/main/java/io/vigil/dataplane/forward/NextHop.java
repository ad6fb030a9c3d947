package io.vigil.dataplane.forward;

import java.util.Objects;

/**
 * Where a frame to one destination leaves, as the kernel's routing and neighbour tables say: the output
 * interface, its MAC (the frame's source), the next hop's MAC (the gateway's, or the destination's when on-link)
 * and the interface MTU. Immutable; made on the resolver's thread and read by the worker.
 *
 * @param ifIndex the output interface's index (RTA_OIF)
 * @param device  its name
 * @param srcMac  its MAC, in the low 48 bits, first octet most significant
 * @param dstMac  the next hop's MAC, same layout (NDA_LLADDR)
 * @param mtu     the output interface's MTU
 */
public record NextHop(int ifIndex, String device, long srcMac, long dstMac, int mtu) {

    public NextHop {
        Objects.requireNonNull(device, "device");
    }
}
