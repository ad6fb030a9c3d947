package io.vigil.dataplane.linux;

import io.vigil.dataplane.linux.netlink.IfAddress;
import io.vigil.dataplane.linux.netlink.Link;
import io.vigil.dataplane.linux.netlink.NetlinkConstants;
import io.vigil.dataplane.linux.netlink.NetlinkCursor;
import io.vigil.dataplane.linux.netlink.Neighbour;
import io.vigil.dataplane.linux.netlink.ParseDiagnostics;
import io.vigil.dataplane.linux.netlink.Route;
import io.vigil.dataplane.linux.netlink.RtnetlinkRequests;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Links, addresses, routes and neighbours of one network namespace, through rtnetlink requests (RFC 3549) on an
 * AF_NETLINK socket: what {@code ip link}, {@code ip addr add/del}, {@code ip route get} and {@code ip neigh get}
 * do, without a subprocess.
 *
 * <p>The socket belongs to the namespace of the thread that called {@link #open()} and stays there. Not thread
 * safe: one owner thread at a time (requests and replies share one buffer). Every failure is a
 * {@link LinuxException} naming the request (e.g. {@code RTM_NEWADDR}), the errno and the interface and address.
 * Malformed replies are skipped and counted in {@link #diagnostics()}.
 */
public final class Rtnetlink implements AutoCloseable {

    /** How long a request waits for the kernel's reply before failing with EAGAIN. */
    public static final int REPLY_TIMEOUT_MILLIS = 5_000;
    private static final int DUMP_ATTEMPTS = 3;

    private final NetlinkSocket socket;

    private Rtnetlink(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** Opens a request socket in the calling thread's network namespace. */
    public static Rtnetlink open() throws LinuxException {
        return new Rtnetlink(NetlinkSocket.open(0, REPLY_TIMEOUT_MILLIS, 0));
    }

    /** Opens a listener for link and address events in the calling thread's network namespace. */
    public static RtnetlinkSubscription subscribe() throws LinuxException {
        return RtnetlinkSubscription.open();
    }

    /** Every link, like {@code ip link}. */
    public List<Link> links() throws LinuxException {
        return dump("RTM_GETLINK", "all links", seq -> RtnetlinkRequests.dumpLinks(socket.request(), seq),
                (m, out) -> {
                    Link link = socket.decoder().link(m);
                    if (link != null) {
                        out.add(link);
                    }
                });
    }

    /** The link with this name, or empty when there is none (ENODEV). */
    public Optional<Link> link(String name) throws LinuxException {
        int seq = socket.nextSequence();
        RtnetlinkRequests.getLink(socket.request(), seq, name);
        return single(seq, "RTM_GETLINK", "interface " + name, Errno.ENODEV, m -> socket.decoder().link(m));
    }

    /** The link with this index, or empty when there is none (ENODEV). */
    public Optional<Link> link(int index) throws LinuxException {
        int seq = socket.nextSequence();
        RtnetlinkRequests.getLink(socket.request(), seq, index);
        return single(seq, "RTM_GETLINK", "ifindex " + index, Errno.ENODEV, m -> socket.decoder().link(m));
    }

    /** Every IPv4 and IPv6 address, like {@code ip addr}. */
    public List<IfAddress> addresses() throws LinuxException {
        return dump("RTM_GETADDR", "all addresses", seq -> RtnetlinkRequests.dumpAddresses(socket.request(), seq),
                (m, out) -> {
                    IfAddress address = socket.decoder().address(m);
                    if (address != null) {
                        out.add(address);
                    }
                });
    }

    /** The addresses of one interface. */
    public List<IfAddress> addresses(int index) throws LinuxException {
        return addresses().stream().filter(a -> a.index() == index).toList();
    }

    /**
     * Adds an address (RTM_NEWADDR with NLM_F_CREATE | NLM_F_EXCL, like {@code ip addr add}).
     *
     * @throws LinuxException with errno EEXIST when the interface already has it, e.g.
     *         {@code RTM_NEWADDR failed: EEXIST (17: File exists) (interface vb, address 198.18.0.100/32)}
     */
    public void addAddress(IfAddress address) throws LinuxException {
        int seq = socket.nextSequence();
        RtnetlinkRequests.newAddress(socket.request(), seq, address);
        acknowledged(seq, "RTM_NEWADDR", address);
    }

    /** Adds an address with universe scope and no label. */
    public void addAddress(int index, InetAddress address, int prefixLength) throws LinuxException {
        addAddress(IfAddress.of(index, address, prefixLength));
    }

    /**
     * Adds an address unless the interface already has it, as keepalived tolerates re-adding a VIP. Returns true when
     * it was added, false when it was already there (EEXIST).
     */
    public boolean ensureAddress(IfAddress address) throws LinuxException {
        try {
            addAddress(address);
            return true;
        } catch (LinuxException e) {
            if (e.errno() == Errno.EEXIST) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Removes an address (RTM_DELADDR, like {@code ip addr del}).
     *
     * @throws LinuxException with errno EADDRNOTAVAIL when the interface does not have it
     */
    public void removeAddress(IfAddress address) throws LinuxException {
        int seq = socket.nextSequence();
        RtnetlinkRequests.deleteAddress(socket.request(), seq, address);
        acknowledged(seq, "RTM_DELADDR", address);
    }

    /** Removes an address given by interface, address and prefix length. */
    public void removeAddress(int index, InetAddress address, int prefixLength) throws LinuxException {
        removeAddress(IfAddress.of(index, address, prefixLength));
    }

    /** Removes an address if the interface has it; returns false when it did not (EADDRNOTAVAIL). */
    public boolean removeAddressIfPresent(IfAddress address) throws LinuxException {
        try {
            removeAddress(address);
            return true;
        } catch (LinuxException e) {
            if (e.errno() == Errno.EADDRNOTAVAIL) {
                return false;
            }
            throw e;
        }
    }

    /** Where a packet to {@code destination} would go, like {@code ip route get}. Unroutable: ENETUNREACH. */
    public Route routeGet(InetAddress destination) throws LinuxException {
        int seq = socket.nextSequence();
        RtnetlinkRequests.getRoute(socket.request(), seq, destination);
        String detail = "destination " + destination.getHostAddress();
        return single(seq, "RTM_GETROUTE", detail, 0, m -> socket.decoder().route(m))
                .orElseThrow(() -> new LinuxException("RTM_GETROUTE", Errno.EIO,
                        detail + ", no usable RTM_NEWROUTE reply (" + socket.diagnostics().lastReason() + ")"));
    }

    /** The neighbour entry for {@code address} on interface {@code index}, or empty when there is none (ENOENT). */
    public Optional<Neighbour> neighbour(int index, InetAddress address) throws LinuxException {
        int seq = socket.nextSequence();
        RtnetlinkRequests.getNeighbour(socket.request(), seq, index, address);
        try {
            return single(seq, "RTM_GETNEIGH", "address " + address.getHostAddress(), Errno.ENOENT,
                    m -> socket.decoder().neighbour(m));
        } catch (LinuxException e) {
            throw withInterface(e, index);
        }
    }

    /**
     * Asks the kernel to resolve {@code address} on interface {@code index} (RTM_NEWNEIGH with NTF_USE): it sends
     * an ARP request or a neighbour solicitation, and announces the entry on RTMGRP_NEIGH once it is known.
     */
    public void resolveNeighbour(int index, InetAddress address) throws LinuxException {
        int seq = socket.nextSequence();
        RtnetlinkRequests.useNeighbour(socket.request(), seq, index, address);
        String detail = "address " + address.getHostAddress();
        try {
            socket.exchange(seq, "RTM_NEWNEIGH", detail, m -> socket.diagnostics().record(
                    NetlinkConstants.messageTypeName(m.type()) + " at offset " + m.offset()
                            + ": unexpected reply to RTM_NEWNEIGH, expected an ack"));
        } catch (LinuxException e) {
            throw withInterface(e, index);
        }
    }

    /** Messages skipped as malformed or unexpected, with the latest reason. */
    public ParseDiagnostics diagnostics() {
        return socket.diagnostics();
    }

    /** The socket's netlink port id (nl_pid), which the kernel puts in every reply. */
    public int portId() {
        return socket.portId();
    }

    @Override
    public void close() throws LinuxException {
        socket.close();
    }

    private interface Collector<T> {
        void accept(NetlinkCursor message, List<T> out);
    }

    private interface Encoder {
        void encode(int seq);
    }

    private interface Decoder<T> {
        T decode(NetlinkCursor message);
    }

    private <T> List<T> dump(String operation, String detail, Encoder encoder, Collector<T> collector)
            throws LinuxException {
        List<T> out = new ArrayList<>();
        for (int attempt = 1; attempt <= DUMP_ATTEMPTS; attempt++) {
            out.clear();
            int seq = socket.nextSequence();
            encoder.encode(seq);
            if (socket.exchange(seq, operation, detail, m -> collector.accept(m, out))) {
                return List.copyOf(out);
            }
        }
        socket.diagnostics().record(operation + " dump still interrupted (NLM_F_DUMP_INTR) after "
                + DUMP_ATTEMPTS + " attempts; returning the last one");
        return List.copyOf(out);
    }

    private <T> Optional<T> single(int seq, String operation, String detail, int absentErrno, Decoder<T> decoder)
            throws LinuxException {
        List<T> out = new ArrayList<>(1);
        Consumer<NetlinkCursor> collect = m -> {
            T value = decoder.decode(m);
            if (value != null) {
                out.add(value);
            }
        };
        try {
            socket.exchange(seq, operation, detail, collect);
        } catch (LinuxException e) {
            if (absentErrno != 0 && e.errno() == absentErrno) {
                return Optional.empty();
            }
            throw e;
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(out.getFirst());
    }

    private void acknowledged(int seq, String operation, IfAddress address) throws LinuxException {
        try {
            socket.exchange(seq, operation, "address " + address.cidr(), m -> socket.diagnostics().record(
                    NetlinkConstants.messageTypeName(m.type()) + " at offset " + m.offset() + ": unexpected reply to "
                            + operation + ", expected an ack"));
        } catch (LinuxException e) {
            throw withInterface(e, address.index());
        }
    }

    /**
     * The failure with {@code interface vb} (read through this socket, so from the right namespace) or
     * {@code ifindex 7} prepended to its detail. Called after the failed exchange, so the request buffer is free.
     */
    private LinuxException withInterface(LinuxException e, int index) {
        String name;
        try {
            name = link(index).map(l -> "interface " + l.name()).orElse("ifindex " + index);
        } catch (LinuxException unreadable) {
            name = "ifindex " + index;
        }
        return e.withContext(name);
    }
}
