package io.vigil.dataplane.forward;

import io.vigil.dataplane.api.ForwardingMethod;
import io.vigil.dataplane.api.RealServer;
import io.vigil.dataplane.api.Service;
import io.vigil.dataplane.api.ServiceKey;
import io.vigil.dataplane.port.FlowPartition;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link FlowPartition} of the services the dataplane holds: every service's VIP:port, every NAT real server's
 * address:port (its replies), and how much of the client counts. A service hashes the whole client address and
 * port, a persistent one only the address under its persistence prefix (its connections of one client must meet
 * one template on one worker). Firewall-mark services (not forwarded) have no endpoint. A NAT real server's replies cannot tell which of its services they belong to, so
 * the services that share one get the coarsest rule among them, and so on until nothing changes. Stateless.
 */
final class PartitionPlan {

    private PartitionPlan() {
    }

    /** The partition of {@code services} with their real servers in {@code pools}. */
    static FlowPartition of(Collection<Service> all, Map<ServiceKey, Map<InetSocketAddress, RealServer>> pools) {
        List<Service> services = all.stream().filter(s -> !s.key().isFwmark()).toList();
        Map<ServiceKey, Rule> rules = new LinkedHashMap<>();
        for (Service s : services) {
            int bits = s.key().ipv6() ? 128 : 32;
            rules.put(s.key(), s.persistent() ? new Rule(s.persistencePrefix(), false) : new Rule(bits, true));
        }
        Map<Reply, Rule> replies = new LinkedHashMap<>();
        boolean changed = true;
        while (changed) {
            replies.clear();
            for (Service s : services) {
                for (Reply r : natReplies(s, pools)) {
                    replies.merge(r, rules.get(s.key()), Rule::coarsest);
                }
            }
            changed = false;
            for (Service s : services) {
                Rule rule = rules.get(s.key());
                Rule next = rule;
                for (Reply r : natReplies(s, pools)) {
                    next = next.coarsest(replies.get(r));
                }
                if (!next.equals(rule)) {
                    rules.put(s.key(), next);
                    changed = true;
                }
            }
        }
        List<FlowPartition.Endpoint> serviceEndpoints = new ArrayList<>();
        for (Service s : services) {
            Rule rule = rules.get(s.key());
            serviceEndpoints.add(new FlowPartition.Endpoint(s.key().protocol().number(), s.key().address(),
                    s.key().port(), rule.prefix(), rule.port()));
        }
        List<FlowPartition.Endpoint> replyEndpoints = new ArrayList<>();
        replies.forEach((r, rule) -> replyEndpoints.add(new FlowPartition.Endpoint(r.protocol(),
                r.address().getAddress(), r.address().getPort(), rule.prefix(), rule.port())));
        return new FlowPartition(serviceEndpoints, replyEndpoints);
    }

    private static List<Reply> natReplies(Service s, Map<ServiceKey, Map<InetSocketAddress, RealServer>> pools) {
        List<Reply> out = new ArrayList<>();
        for (RealServer rs : pools.getOrDefault(s.key(), Map.of()).values()) {
            if (rs.method() == ForwardingMethod.NAT) {
                out.add(new Reply(s.key().protocol().number(), rs.address()));
            }
        }
        return out;
    }

    /** The replies of one real server endpoint. */
    private record Reply(int protocol, InetSocketAddress address) {
    }

    /** How much of the client counts: the leading {@code prefix} bits of its address, and its port or not. */
    private record Rule(int prefix, boolean port) {

        Rule coarsest(Rule o) {
            return new Rule(Math.min(prefix, o.prefix), port && o.port);
        }
    }
}
