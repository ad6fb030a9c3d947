package io.vigil.dataplane.forward;

/**
 * Told by the {@link ConnectionTable} when an entry is opened and when an inbound packet updated a connection: the
 * points where IPVS's {@code ip_vs_in} calls {@code ip_vs_sync_conn}. Called on the table's thread; must not block
 * or allocate.
 */
public interface ConnectionObserver {

    /** Does nothing. */
    ConnectionObserver NONE = new ConnectionObserver() {
        @Override
        public void opened(int slot) {
        }

        @Override
        public void inboundPacket(int slot, long nowNanos) {
        }
    };

    /** Slot {@code slot} now holds a new connection or template. */
    void opened(int slot);

    /** A client-to-virtual-service packet of connection {@code slot} (its first included) was accounted. */
    void inboundPacket(int slot, long nowNanos);
}
