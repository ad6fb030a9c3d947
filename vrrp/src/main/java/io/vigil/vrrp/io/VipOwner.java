package io.vigil.vrrp.io;

import java.net.InetAddress;
import java.util.List;

/**
 * Where virtual addresses are put on and taken off interfaces, and announced (GARP for IPv4, unsolicited NA for
 * IPv6). The kernel implementation uses rtnetlink and a packet socket; tests use a recording fake.
 * Called on the VRRP loop thread only.
 */
public interface VipOwner extends AutoCloseable {

    /** Adds the addresses (an address that is already there is not an error, as in keepalived). */
    void add(List<Vip> vips);

    /** Removes the addresses (one that is already gone is not an error). */
    void remove(List<Vip> vips);

    /** Sends {@code repeat} gratuitous ARPs / unsolicited NAs for each address on {@code device}. */
    void announce(String device, List<InetAddress> addresses, int repeat);

    @Override
    void close();
}
