package io.vigil.dataplane.port;

/**
 * The ports of one interface, one for each worker, that share its frames: the kernel hands each frame to the port of
 * the worker the current {@link FlowPartition} names.
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
     * flow to one worker); other frames to worker 0. Nothing to do with one worker.
     *
     * @throws Exception when the kernel refuses the partition
     */
    void partition(FlowPartition partition) throws Exception;

    /** Closes every port. Idempotent. */
    @Override
    void close();
}
