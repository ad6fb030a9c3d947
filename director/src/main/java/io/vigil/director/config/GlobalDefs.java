package io.vigil.director.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * The {@code global_defs} block with keepalived's defaults (keepalived.conf(5) "Global definitions";
 * global_data.c {@code init_global_data}).
 *
 * @param routerId                    {@code router_id}, or null for the local host name
 * @param notificationEmail           {@code notification_email} addresses
 * @param notificationEmailFrom       {@code notification_email_from}, or null for keepalived@host
 * @param smtpServer                  {@code smtp_server}, or null
 * @param smtpPort                    its port, default 25
 * @param smtpConnectTimeout          {@code smtp_connect_timeout}, default 30 s
 * @param smtpHeloName                {@code smtp_helo_name}, or null
 * @param smtpAlert                   {@code smtp_alert}, or null when not set
 * @param vrrpMcastGroup4             {@code vrrp_mcast_group4}, default 224.0.0.18 (RFC 5798 §5.1.1.2)
 * @param vrrpMcastGroup6             {@code vrrp_mcast_group6}, default ff02::12 (RFC 5798 §5.1.2.2)
 * @param vrrpVersion                 {@code vrrp_version}, default 2
 * @param vrrpGarpMasterDelay         default 5 s
 * @param vrrpGarpMasterRepeat        default 5
 * @param vrrpGarpMasterRefresh       default 0 (off)
 * @param vrrpGarpMasterRefreshRepeat default 1
 * @param vrrpGarpLowerPrioDelay      default = master delay
 * @param vrrpGarpLowerPrioRepeat     default = master repeat
 * @param vrrpGarpInterval            pacing between GARPs, default 0
 * @param vrrpGnaInterval             pacing between NAs, default 0
 * @param vrrpMinGarp                 {@code vrrp_min_garp}
 * @param vrrpLowerPrioNoAdvert       {@code vrrp_lower_prio_no_advert}
 * @param vrrpHigherPrioSendAdvert    {@code vrrp_higher_prio_send_advert}
 * @param vrrpDownTimerAdverts        1..100, default 3
 * @param vrrpCheckUnicastSrc         {@code vrrp_check_unicast_src}
 * @param vrrpSkipCheckAdvAddr        {@code vrrp_skip_check_adv_addr}
 * @param vrrpStrict                  {@code vrrp_strict}
 * @param v3ChecksumAsV2              {@code v3_checksum_as_v2}
 * @param vrrpStartupDelay            {@code vrrp_startup_delay}, default 0
 * @param scriptUser                  {@code script_user}, or null
 * @param enableScriptSecurity        {@code enable_script_security}
 * @param lvsTimeouts               {@code lvs_timeouts}
 * @param lvsSyncDaemon             {@code lvs_sync_daemon}, or null
 * @param unsupported                 accepted keywords Vigil does not implement (SNMP, D-Bus, FIFOs, ...)
 * @param position                    where the block starts, or null when there is none
 */
public record GlobalDefs(String routerId, List<String> notificationEmail, String notificationEmailFrom,
        InetAddress smtpServer, int smtpPort, Duration smtpConnectTimeout, String smtpHeloName, Boolean smtpAlert,
        InetAddress vrrpMcastGroup4, InetAddress vrrpMcastGroup6, int vrrpVersion, Duration vrrpGarpMasterDelay,
        int vrrpGarpMasterRepeat, Duration vrrpGarpMasterRefresh, int vrrpGarpMasterRefreshRepeat,
        Duration vrrpGarpLowerPrioDelay, int vrrpGarpLowerPrioRepeat, Duration vrrpGarpInterval,
        Duration vrrpGnaInterval, boolean vrrpMinGarp, boolean vrrpLowerPrioNoAdvert,
        boolean vrrpHigherPrioSendAdvert, int vrrpDownTimerAdverts, boolean vrrpCheckUnicastSrc,
        boolean vrrpSkipCheckAdvAddr, boolean vrrpStrict, boolean v3ChecksumAsV2, Duration vrrpStartupDelay,
        String scriptUser, boolean enableScriptSecurity, LvsTimeouts lvsTimeouts, LvsSyncDaemon lvsSyncDaemon,
        List<Setting> unsupported, SourcePosition position) {
}
