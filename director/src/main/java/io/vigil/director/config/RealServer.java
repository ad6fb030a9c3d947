package io.vigil.director.config;

import io.vigil.dataplane.api.ForwardingMethod;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * A {@code real_server} block (keepalived.conf(5) "Virtual server(s)"; check_data.c {@code alloc_rs}).
 *
 * @param address          the real server's address
 * @param port             its port, or null (fwmark services, or the virtual server's port)
 * @param weight           0..2147483647, default the virtual server's weight (1)
 * @param lvsMethod        {@code lvs_method} override, or null for the virtual server's
 * @param notifyUp         {@code notify_up}, or null
 * @param notifyDown       {@code notify_down}, or null
 * @param uthreshold       {@code uthreshold}, or null
 * @param lthreshold       {@code lthreshold}, or null
 * @param inhibitOnFailure {@code inhibit_on_failure}: weight 0 instead of removal
 * @param alpha            {@code alpha}
 * @param delayLoop        the delay_loop in effect
 * @param smtpAlert        {@code smtp_alert}, default true for real servers
 * @param virtualhost      {@code virtualhost}, or null
 * @param checkers         the checkers, all of which must be up
 * @param unsupported      accepted keywords Vigil does not implement
 * @param position         where the block starts
 */
public record RealServer(InetAddress address, Integer port, int weight, ForwardingMethod lvsMethod, NotifyScript notifyUp,
        NotifyScript notifyDown, Integer uthreshold, Integer lthreshold, boolean inhibitOnFailure, boolean alpha,
        Duration delayLoop, boolean smtpAlert, String virtualhost, List<Checker> checkers, List<Setting> unsupported,
        SourcePosition position) {
}
