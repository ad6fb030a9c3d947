package io.vigil.director.cli;

import io.vigil.dataplane.linux.Errno;
import io.vigil.dataplane.linux.LinuxException;
import io.vigil.director.tunnel.TunnelEndpoint;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code vigil tunnel-endpoint --vip ADDRESS [--vip ADDRESS ...] [--device NAME]}: the LVS-TUN real-server
 * endpoint ({@link TunnelEndpoint}) in the foreground. SIGTERM and SIGINT remove the device and its addresses, log
 * the counters and exit 0.
 */
final class TunnelEndpointCommand implements Command {

    static final String USAGE = "usage: vigil tunnel-endpoint --vip ADDRESS [--vip ADDRESS ...] [--device NAME]";
    /** IFNAMSIZ - 1, linux/if.h. */
    private static final int MAX_DEVICE_NAME = 15;

    @Override
    public String name() {
        return "tunnel-endpoint";
    }

    @Override
    public String summary() {
        return "LVS-TUN real server without the ipip module: decapsulate IPIP to the VIPs";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        List<Inet4Address> vips = new ArrayList<>();
        String device = TunnelEndpoint.DEFAULT_DEVICE;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.equals("--vip") && !a.equals("--device")) {
                return usage(err, "unknown option '" + a + "'");
            }
            if (i + 1 >= args.size()) {
                return usage(err, a + " needs a value");
            }
            String value = args.get(++i);
            if (a.equals("--device")) {
                String problem = deviceNameProblem(value);
                if (problem != null) {
                    return usage(err, "--device '" + value + "': " + problem);
                }
                device = value;
                continue;
            }
            InetAddress address;
            try {
                address = InetAddress.ofLiteral(value);
            } catch (IllegalArgumentException e) {
                return usage(err, "--vip '" + value + "' is not an IP address, expected an IPv4 address like 198.18.1.100");
            }
            if (!(address instanceof Inet4Address v4)) {
                return usage(err, "--vip " + value + " is IPv6; tunnel-endpoint carries IPv4 VIPs only (IPIP, RFC 2003)");
            }
            if (vips.contains(v4)) {
                return usage(err, "--vip " + value + " is given twice");
            }
            vips.add(v4);
        }
        if (vips.isEmpty()) {
            return usage(err, "missing --vip ADDRESS");
        }
        TunnelEndpoint endpoint;
        TerminationSignals signals = TerminationSignals.install();
        try {
            endpoint = TunnelEndpoint.start(vips, device);
        } catch (LinuxException e) {
            err.println("vigil tunnel-endpoint: " + e.getMessage() + hint(e.errno()));
            return ExitCodes.FAILURE;
        } catch (IOException e) {
            err.println("vigil tunnel-endpoint: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        signals.awaitThenStop(endpoint::close);
        return ExitCodes.OK;
    }

    private static String hint(int errno) {
        return switch (errno) {
            case Errno.EPERM, Errno.EACCES ->
                    "; tunnel-endpoint needs CAP_NET_ADMIN (TUN device, addresses) and CAP_NET_RAW (raw socket): run it as root";
            case Errno.EBUSY -> "; another process holds a device of that name: choose another with --device";
            case Errno.ENOENT -> "; this kernel offers no TUN devices (/dev/net/tun)";
            default -> "";
        };
    }

    /** Why {@code name} cannot name a network device (linux/if.h, dev_valid_name), or null when it can. */
    static String deviceNameProblem(String name) {
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > MAX_DEVICE_NAME) {
            return bytes + " bytes, expected 1 to " + MAX_DEVICE_NAME;
        }
        if (name.equals(".") || name.equals("..") || name.chars().anyMatch(c -> c == '/' || c == ':' || Character.isWhitespace(c))) {
            return "a device name cannot be '.' or '..' nor contain '/', ':' or white space";
        }
        return null;
    }

    private static int usage(PrintStream err, String why) {
        err.println("vigil tunnel-endpoint: " + why);
        err.println(USAGE);
        return ExitCodes.USAGE;
    }
}
