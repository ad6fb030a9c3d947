package io.vigil.dataplane.forward.schedule;

import io.vigil.dataplane.forward.AddressWords;
import io.vigil.dataplane.forward.Flow;

/**
 * The integer keys IPVS's hashing schedulers compute from an address: the address folded to 32 bits (an IPv4
 * address as its number, an IPv6 address as the XOR of its four 32-bit words) and the kernel's multiplicative
 * {@code hash_32} (include/linux/hash.h). Stateless.
 */
final class AddressHash {

    /** {@code GOLDEN_RATIO_32}, include/linux/hash.h. */
    static final int GOLDEN_RATIO_32 = 0x61C88647;

    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int SCTP = 132;

    private AddressHash() {
    }

    /** The address (high, low) folded to 32 bits as IPVS's {@code ntohl(addr_fold)}. */
    static int fold(long high, long low) {
        if (AddressWords.isV4(high, low)) {
            return (int) low;
        }
        return (int) (high >>> 32) ^ (int) high ^ (int) (low >>> 32) ^ (int) low;
    }

    /** The kernel's {@code hash_32(value, bits)}: the top {@code bits} bits of {@code value * GOLDEN_RATIO_32}. */
    static int hash32(int value, int bits) {
        return (value * GOLDEN_RATIO_32) >>> (32 - bits);
    }

    /**
     * The client's port as sh and mh hash it with {@code sh-port} / {@code mh-port}: the source port for TCP, UDP
     * and SCTP, 0 for any other protocol.
     */
    static int sourcePort(Flow flow) {
        int protocol = flow.protocol();
        return protocol == TCP || protocol == UDP || protocol == SCTP ? flow.sourcePort() : 0;
    }
}
