package io.vigil.dataplane.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The per-interface IPv4 settings under {@code /proc/sys/net/ipv4/conf/DEVICE/} (Documentation/networking/
 * ip-sysctl.rst, "conf/interface/*"), read and written for the calling thread's network namespace. {@value #ALL} is
 * the pseudo-device whose value the kernel combines with each device's.
 *
 * <p>Thread safety: stateless; any platform thread (the namespace is the thread's).
 */
public final class Ipv4InterfaceSysctl {

    /** The pseudo-device {@code all}. */
    public static final String ALL = "all";
    /**
     * rp_filter: 0 no source validation, 1 strict (RFC 3704 strict reverse path), 2 loose. The kernel applies
     * max(conf/all, conf/DEVICE) to packets arriving on DEVICE.
     */
    public static final String RP_FILTER = "rp_filter";
    /** accept_local: accept packets whose source is a local address. */
    public static final String ACCEPT_LOCAL = "accept_local";

    private static final Path ROOT = Path.of("/proc/sys/net/ipv4/conf");

    private Ipv4InterfaceSysctl() {
    }

    /** The integer value of {@code key} for {@code device}. */
    public static int read(String device, String key) throws IOException {
        Path file = ROOT.resolve(device).resolve(key);
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IOException(file + " holds '" + text + "', expected an integer", e);
        }
    }

    /** Sets {@code key} of {@code device} to {@code value} (needs CAP_NET_ADMIN in the namespace). */
    public static void write(String device, String key, int value) throws IOException {
        Files.writeString(ROOT.resolve(device).resolve(key), Integer.toString(value), StandardCharsets.US_ASCII);
    }
}
