package io.vigil.dataplane.port;

import io.vigil.dataplane.linux.ClassicBpf;
import io.vigil.dataplane.linux.LinuxException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link TpacketPort}s for several workers: one AF_PACKET socket with its own rings per worker, joined in one
 * PACKET_FANOUT_CBPF group per interface in worker order (the kernel numbers members in the order they join), whose
 * program is the {@link FanoutProgram} of the current {@link FlowPartition}. Why not PACKET_FANOUT_HASH: its hash
 * ({@code __skb_get_hash_symmetric}, net/packet/af_packet.c) is symmetric for one 5-tuple, but a NAT reply has other
 * addresses than its request (real server to client, not client to VIP), so the two directions would land on
 * different workers. One worker opens a plain port, without fanout. Immutable.
 *
 * @param config the rings of every port
 */
public record TpacketPortFactory(TpacketConfig config) implements PortFactory {

    @Override
    public PortGroup open(String device, int workers) throws LinuxException {
        if (workers < 1) {
            throw new IllegalArgumentException("workers " + workers + ", expected at least 1");
        }
        List<TpacketPort> ports = new ArrayList<>(workers);
        try {
            int group = -1;
            for (int i = 0; i < workers; i++) {
                TpacketPort port = TpacketPort.open(device, config);
                ports.add(port);
                if (workers > 1) {
                    group = port.joinFanout(group);
                }
            }
            return new Group(device, List.copyOf(ports));
        } catch (LinuxException | RuntimeException e) {
            ports.forEach(TpacketPort::close);
            throw e;
        }
    }

    /** The ports of one interface; see {@link PortGroup} for the threading. */
    private record Group(String device, List<TpacketPort> ports) implements PortGroup {

        @Override
        public int workers() {
            return ports.size();
        }

        @Override
        public PacketPort port(int worker) {
            return ports.get(worker);
        }

        @Override
        public void partition(FlowPartition partition) throws LinuxException {
            if (ports.size() > 1) {
                ClassicBpf program = FanoutProgram.compile(partition);
                ports.getFirst().fanoutProgram(program);
            }
        }

        @Override
        public void close() {
            ports.forEach(TpacketPort::close);
        }
    }
}
