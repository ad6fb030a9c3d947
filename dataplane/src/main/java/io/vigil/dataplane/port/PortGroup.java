package io.vigil.dataplane.port;

/**
 * The ports of one interface, one for each worker, that share its frames: each frame reaches the worker the current
 * {@link FlowPartition} names, handed over by the kernel (TPACKET: a PACKET_FANOUT program) or by the worker whose
 * receive queue it arrived on (AF_XDP: {@link XdpPortGroup}).
 *
 * <p>Threading: {@link #partition} and {@link #close} on the dataplane's control thread (close once every worker has
 * stopped); each port as {@link PacketPort} says, on its own worker.
 */
public interface PortGroup extends AutoCloseable {

    /** The interface. */
    String device();

    /** How many workers share the interface. */
    int workers();

    /** Worker {@code worker}'s port, 0 &lt;= worker &lt; {@link #workers()}. */
    PacketPort port(int worker);

    /**
     * From now on the frames of the partition's endpoints go to the worker of their client (both directions of a
     * flow to one worker); other frames to worker 0 (TPACKET) or the worker that received them (AF_XDP). Nothing to
     * do with one worker.
     *
     * @throws Exception when the kernel refuses the partition
     */
    void partition(FlowPartition partition) throws Exception;

    /** Closes every port. Idempotent. */
    @Override
    void close();
}
