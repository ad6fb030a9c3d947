package io.vigil.dataplane.linux;

import io.vigil.dataplane.linux.netlink.IfAddress;
import io.vigil.dataplane.linux.netlink.Link;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The verbs the control plane asks of the machine's network interfaces, so that it never names {@code Libc} or
 * netlink constants: whether an interface exists, its index, and the addresses keepalived would pick as an advert
 * source (the primary IPv4 address, the IPv6 link-local address). All in the calling thread's network namespace.
 *
 * <p>Thread safety: the static verbs are thread-safe; an opened instance holds one rtnetlink socket and belongs to
 * one thread at a time.
 */
public final class NetworkInterfaces implements AutoCloseable {

    private final Rtnetlink rtnetlink;

    private NetworkInterfaces(Rtnetlink rtnetlink) {
        this.rtnetlink = rtnetlink;
    }

    /** The interface index of {@code name} (if_nametoindex(3)), empty when there is no such interface. */
    public static OptionalInt index(String name) {
        try {
            return OptionalInt.of(Libc.ifNameToIndex(name));
        } catch (LinuxException e) {
            return OptionalInt.empty();
        }
    }

    /** Whether an interface called {@code name} exists. */
    public static boolean exists(String name) {
        return index(name).isPresent();
    }

    /** Opens an rtnetlink socket for the address queries. */
    public static NetworkInterfaces open() throws LinuxException {
        return new NetworkInterfaces(Rtnetlink.open());
    }

    /**
     * The first IPv4 address of {@code name} that is not secondary (the interface's primary address), empty when
     * the interface has none or does not exist.
     */
    public Optional<InetAddress> primaryIpv4Address(String name) throws LinuxException {
        for (IfAddress a : addresses(name)) {
            if (a.address() instanceof Inet4Address && !a.isSecondary()) {
                return Optional.of(a.address());
            }
        }
        return Optional.empty();
    }

    /** The first IPv6 link-local address of {@code name}, tentative or not; empty when none. */
    public Optional<InetAddress> ipv6LinkLocalAddress(String name) throws LinuxException {
        for (IfAddress a : addresses(name)) {
            if (a.address() instanceof Inet6Address && a.address().isLinkLocalAddress()) {
                return Optional.of(a.address());
            }
        }
        return Optional.empty();
    }

    private Iterable<IfAddress> addresses(String name) throws LinuxException {
        Optional<Link> link = rtnetlink.link(name);
        return link.isEmpty() ? List.of() : rtnetlink.addresses(link.get().index());
    }

    @Override
    public void close() throws LinuxException {
        rtnetlink.close();
    }
}
