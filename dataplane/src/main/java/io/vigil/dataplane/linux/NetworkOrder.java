package io.vigil.dataplane.linux;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** The big-endian (network order) field layouts that struct layouts use for ports, protocols and IPv4 addresses. */
final class NetworkOrder {

    /** A 16-bit field in network order, e.g. sin_port, sll_protocol. */
    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);
    /** A 32-bit field in network order, e.g. sin_addr. */
    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN);

    private NetworkOrder() {
    }
}
