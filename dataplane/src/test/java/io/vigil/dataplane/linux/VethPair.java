package io.vigil.dataplane.linux;

import io.vigil.dataplane.lab.Netns;
import io.vigil.dataplane.lab.NetnsLab;

/**
 * The two-namespace topology the Linux-layer lab tests share: namespace A with {@code va} 198.18.0.1/24, joined
 * by a veth pair to namespace B with {@code vb} 198.18.0.2/24.
 */
record VethPair(Netns a, Netns b) {

    static VethPair create(NetnsLab lab) {
        Netns a = lab.namespace("a");
        Netns b = lab.namespace("b");
        lab.veth(a, "va", "198.18.0.1/24", b, "vb", "198.18.0.2/24");
        return new VethPair(a, b);
    }
}
