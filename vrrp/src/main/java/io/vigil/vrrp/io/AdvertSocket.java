package io.vigil.vrrp.io;

import io.netty.util.NetUtil;
import io.vigil.dataplane.linux.Errno;
import io.vigil.dataplane.linux.LinuxException;
import io.vigil.dataplane.linux.netlink.IfAddress;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance's advert socket over the life of its interface: bound to the source address when that address is
 * usable, closed while it is missing or tentative, and opened again (possibly from another address, see
 * {@link AdvertSourceRule}) when the interface's addresses or link change. keepalived behaves the same way: an
 * instance whose interface has no usable address waits in FAULT instead of failing to start (keepalived.md §2.5,
 * §2.11). The VRRP loop turns each {@link Change} into tracker and source events.
 *
 * <p>Threading: owned by the VRRP loop thread.
 */
final class AdvertSocket implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AdvertSocket.class);

    /** What adverts are written to: {@link AdvertSender}, or a fake in tests. */
    interface Output extends AutoCloseable {
        /** Sends one advert with {@code priority}; returns how many destinations it went to. */
        int send(int priority) throws LinuxException;

        @Override
        void close() throws LinuxException;
    }

    /** Opens an {@link Output} bound to {@code source}. */
    @FunctionalInterface
    interface Opener {
        Output open(InetAddress source) throws LinuxException;
    }

    /**
     * The socket became usable or unusable, or now sends from another address.
     *
     * @param usable    whether adverts can be sent now
     * @param newSource the address adverts now come from when it differs from before, else null
     */
    record Change(boolean usable, InetAddress newSource) {
    }

    /**
     * The name of the unweighted tracker that holds an instance in FAULT while its socket is closed. Interface names
     * cannot contain '/' (linux/net/core/dev.c {@code dev_valid_name}), so it never names a {@code track_interface}.
     */
    static String trackerName(String interfaceName) {
        return interfaceName + "/address";
    }

    private final String instance;
    private final String interfaceName;
    private final AdvertSourceRule rule;
    private Opener opener;
    private InetAddress source;
    private Output output;
    private String missing = "not opened yet";

    /**
     * @param source the startup source ({@code spec.primaryAddress()}); the unspecified address when there is none
     */
    AdvertSocket(String instance, String interfaceName, AdvertSourceRule rule, InetAddress source, Opener opener) {
        this.instance = instance;
        this.interfaceName = interfaceName;
        this.rule = rule;
        this.source = Objects.requireNonNull(source, "source");
        this.opener = opener;
    }

    /**
     * Tries the startup source. An address that cannot be bound yet (EADDRNOTAVAIL: missing, tentative, interface
     * down) leaves the socket closed until {@link #refresh}; anything else (no CAP_NET_RAW, no such interface) is a
     * startup error.
     */
    void openAtStartup() throws LinuxException {
        if (source.isAnyLocalAddress()) {
            unusable(rule.choose(List.of()).missing());
            return;
        }
        try {
            output = opener.open(source);
            missing = null;
            LOG.info("({}) sending adverts from {} on {}", instance, NetUtil.toAddressString(source), interfaceName);
        } catch (LinuxException e) {
            if (e.errno() != Errno.EADDRNOTAVAIL) {
                throw e;
            }
            unusable(e.getMessage());
        }
    }

    /**
     * Re-evaluates after {@code interfaceName}'s addresses or link changed.
     *
     * @param addresses the interface's current addresses
     * @return what changed, or null if nothing did
     */
    Change refresh(List<IfAddress> addresses) {
        AdvertSourceRule.Choice choice = rule.choose(addresses);
        InetAddress wanted = choice.address();
        if (wanted == null) {
            boolean was = output != null;
            closeOutput();
            unusable(choice.missing());
            return was ? new Change(false, null) : null;
        }
        if (output != null && wanted.equals(source)) {
            return null;
        }
        boolean was = output != null;
        closeOutput();
        try {
            output = opener.open(wanted);
        } catch (LinuxException e) {
            unusable("binding " + NetUtil.toAddressString(wanted) + ": " + e.getMessage());
            return was ? new Change(false, null) : null;
        }
        InetAddress changed = wanted.equals(source) ? null : wanted;
        source = wanted;
        missing = null;
        LOG.info("({}) sending adverts from {} on {}", instance, NetUtil.toAddressString(source), interfaceName);
        return new Change(true, changed);
    }

    /**
     * Opens outputs with {@code newOpener} from now on (a reload changed what adverts look like or where they go);
     * an open output is replaced at once by one from the same source.
     *
     * @return a change to unusable when the new output cannot be opened, else null
     */
    Change reopen(Opener newOpener) {
        opener = newOpener;
        if (output == null) {
            return null;
        }
        closeOutput();
        try {
            output = opener.open(source);
            return null;
        } catch (LinuxException e) {
            unusable("binding " + NetUtil.toAddressString(source) + ": " + e.getMessage());
            return new Change(false, null);
        }
    }

    /** Whether adverts can be sent. */
    boolean usable() {
        return output != null;
    }

    /** The address adverts come (or last came, or will first come) from. */
    InetAddress source() {
        return source;
    }

    /** The interface. */
    String interfaceName() {
        return interfaceName;
    }

    /** Sends one advert; 0 while the socket is closed. */
    int send(int priority) throws LinuxException {
        return output == null ? 0 : output.send(priority);
    }

    @Override
    public void close() throws LinuxException {
        Output o = output;
        output = null;
        if (o != null) {
            o.close();
        }
    }

    /** Records why the socket is closed, and logs it when the reason is new. */
    private void unusable(String reason) {
        if (!reason.equals(missing)) {
            missing = reason;
            LOG.warn("({}) cannot send adverts on {}: {}", instance, interfaceName, reason);
        }
    }

    private void closeOutput() {
        try {
            close();
        } catch (LinuxException e) {
            LOG.warn("({}) closing the advert socket: {}", instance, e.getMessage());
        }
    }
}
