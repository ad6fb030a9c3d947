package io.vigil.director.engine;

import io.vigil.dataplane.api.RouteAnnouncer;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A {@link RouteAnnouncer} that records its calls ({@code announce 198.18.0.10}, {@code withdraw ...}). Test thread. */
final class RecordingRouteAnnouncer implements RouteAnnouncer {

    private final Set<InetAddress> announced = new LinkedHashSet<>();
    private final List<String> calls = new ArrayList<>();

    @Override
    public void announce(InetAddress vip) {
        if (announced.add(vip)) {
            calls.add("announce " + vip.getHostAddress());
        }
    }

    @Override
    public void withdraw(InetAddress vip) {
        if (announced.remove(vip)) {
            calls.add("withdraw " + vip.getHostAddress());
        }
    }

    @Override
    public Set<InetAddress> announced() {
        return Set.copyOf(announced);
    }

    @Override
    public void close() {
        List.copyOf(announced).forEach(this::withdraw);
    }

    /** The calls that changed something, in order, and forgets them. */
    List<String> takeCalls() {
        List<String> out = List.copyOf(calls);
        calls.clear();
        return out;
    }
}
