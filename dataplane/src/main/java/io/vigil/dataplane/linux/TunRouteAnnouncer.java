package io.vigil.dataplane.linux;

import io.vigil.dataplane.api.RouteAnnouncer;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RouteAnnouncer} that holds one non-persistent TUN device per announced VIP, named
 * {@link #deviceName(String, InetAddress) prefix + 8 hex digits}, carrying the VIP as a host address (/32 or /128).
 * BIRD's {@code protocol direct} (interface pattern {@code "PREFIX*"}) turns the address into a route and exports it.
 * Withdrawing closes the device's descriptor; so does the death of the process, even by SIGKILL, after which the
 * kernel deletes the device with its address and BIRD withdraws the route within milliseconds. An address on lo or a
 * route that the daemon adds would outlive a crash and keep attracting traffic to a dead director.
 *
 * <p>Thread safety: the owner's thread only; the devices belong to the network namespace of the thread that
 * announces.
 */
public final class TunRouteAnnouncer implements RouteAnnouncer {

    private static final Logger LOG = LoggerFactory.getLogger(TunRouteAnnouncer.class);
    /** IFNAMSIZ - 1 (linux/if.h) minus the 8 hex digits. */
    public static final int MAX_PREFIX_LENGTH = 7;
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_-]{0," + (MAX_PREFIX_LENGTH - 1) + "}");

    private final String prefix;
    private final Map<InetAddress, TunDevice> devices = new LinkedHashMap<>();

    private TunRouteAnnouncer(String prefix) {
        this.prefix = prefix;
    }

    /**
     * An announcer naming its devices {@code prefix} + 8 hex digits.
     *
     * @throws IllegalArgumentException when {@code prefix} is not 1 to 7 of {@code [a-z0-9_-]}, starting with a letter
     */
    public static TunRouteAnnouncer withPrefix(String prefix) {
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("announcement device prefix '" + prefix + "': expected 1 to "
                    + MAX_PREFIX_LENGTH + " of [a-z0-9_-], starting with a letter");
        }
        return new TunRouteAnnouncer(prefix);
    }

    /**
     * The device that carries {@code vip}: {@code prefix} and the IPv4 address in 8 hex digits
     * ({@code vipc6126e64} for 198.18.110.100), or for IPv6 the CRC-32 of the 16 bytes in 8 hex digits.
     */
    public static String deviceName(String prefix, InetAddress vip) {
        long tag;
        if (vip instanceof Inet4Address) {
            byte[] b = vip.getAddress();
            tag = ((b[0] & 0xffL) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        } else {
            CRC32 crc = new CRC32();
            crc.update(vip.getAddress());
            tag = crc.getValue();
        }
        return prefix + "%08x".formatted(tag);
    }

    @Override
    public void announce(InetAddress vip) {
        if (devices.containsKey(vip)) {
            return;
        }
        String name = deviceName(prefix, vip);
        TunDevice device;
        try {
            device = TunDevice.create(name);
        } catch (LinuxException e) {
            throw new IllegalStateException("cannot announce " + vip.getHostAddress() + ": " + e.getMessage(), e);
        }
        try {
            device.addAddress(vip);
        } catch (LinuxException e) {
            closeQuietly(device);
            throw new IllegalStateException("cannot announce " + vip.getHostAddress() + " on " + name + ": "
                    + e.getMessage(), e);
        }
        devices.put(vip, device);
    }

    @Override
    public void withdraw(InetAddress vip) {
        TunDevice device = devices.remove(vip);
        if (device != null) {
            closeQuietly(device);
        }
    }

    @Override
    public Set<InetAddress> announced() {
        return Set.copyOf(devices.keySet());
    }

    @Override
    public void close() {
        for (InetAddress vip : Set.copyOf(devices.keySet())) {
            withdraw(vip);
        }
    }

    private static void closeQuietly(TunDevice device) {
        try {
            device.close();
        } catch (LinuxException e) {
            LOG.warn("closing {}: {}", device, e.getMessage());
        }
    }
}
