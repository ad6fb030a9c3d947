package io.vigil.director.cli;

import io.vigil.dataplane.linux.Errno;
import io.vigil.dataplane.linux.LinuxException;
import io.vigil.director.tunnel.TunnelEndpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code vigil tunnel-endpoint --vip ADDRESS [--vip ADDRESS ...] [--device NAME]}: the LVS-TUN real-server
 * endpoint ({@link TunnelEndpoint}) in the foreground. SIGTERM and SIGINT remove the device and its addresses, log
 * the counters and exit 0. Thread safety: one instance per command line, used on the caller's thread.
 */
@Command(name = "tunnel-endpoint", mixinStandardHelpOptions = true,
        description = {"On an LVS-TUN real server whose kernel has no ipip module: decapsulate IPIP (RFC 2003) "
                + "addressed to the VIPs, in the foreground (root).",
            "SIGTERM or SIGINT: remove the device and its addresses, log the counters, exit 0."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by SIGTERM or SIGINT", "1:cannot start", "2:bad command line"})
final class TunnelEndpointCommand implements Callable<Integer> {

    /** IFNAMSIZ - 1, linux/if.h. */
    private static final int MAX_DEVICE_NAME = 15;

    @Spec
    CommandSpec spec;

    @Option(names = "--vip", paramLabel = "ADDRESS",
            description = "A virtual IPv4 address to accept; repeat for more (at least one).")
    List<String> vipLiterals = new ArrayList<>();

    @Option(names = "--device", paramLabel = "NAME", defaultValue = TunnelEndpoint.DEFAULT_DEVICE,
            description = "The TUN device to create (default: ${DEFAULT-VALUE}).")
    String device;

    @Override
    public Integer call() {
        String problem = deviceNameProblem(device);
        if (problem != null) {
            throw usage("--device '" + device + "': " + problem);
        }
        List<Inet4Address> vips = new ArrayList<>();
        for (String value : vipLiterals) {
            InetAddress address;
            try {
                address = InetAddress.ofLiteral(value);
            } catch (IllegalArgumentException e) {
                throw usage("--vip '" + value + "' is not an IP address, expected an IPv4 address like 198.18.1.100");
            }
            if (!(address instanceof Inet4Address v4)) {
                throw usage("--vip " + value + " is IPv6; tunnel-endpoint carries IPv4 VIPs only (IPIP, RFC 2003)");
            }
            if (vips.contains(v4)) {
                throw usage("--vip " + value + " is given twice");
            }
            vips.add(v4);
        }
        if (vips.isEmpty()) {
            throw usage("missing --vip ADDRESS");
        }
        PrintWriter err = spec.commandLine().getErr();
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

    private ParameterException usage(String why) {
        return new ParameterException(spec.commandLine(), why);
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
}
