package io.vigil.director.daemon;

/** keepalived.conf text for the lab tests: one file both Vigil and keepalived read. */
final class VrrpConf {

    private final StringBuilder text = new StringBuilder();

    static VrrpConf create() {
        return new VrrpConf();
    }

    VrrpConf raw(String block) {
        text.append(block).append('\n');
        return this;
    }

    /** A vrrp_instance with {@code vip}/24; {@code extra} is inserted verbatim (auth, unicast, trackers, ...). */
    VrrpConf instance(String name, String iface, int vrid, int priority, String advertInt, int version,
                      String vip, String extra) {
        return instanceWithVip(name, iface, vrid, priority, advertInt, version, vip + "/24", extra);
    }

    /** A vrrp_instance whose one VIP is {@code vipCidr} (IPv4 or IPv6, with its prefix length). */
    VrrpConf instanceWithVip(String name, String iface, int vrid, int priority, String advertInt, int version,
                             String vipCidr, String extra) {
        text.append("""
                vrrp_instance %s {
                    state BACKUP
                    interface %s
                    virtual_router_id %d
                    priority %d
                    advert_int %s
                    version %d
                    virtual_ipaddress {
                        %s dev %s
                    }
                %s
                }
                """.formatted(name, iface, vrid, priority, advertInt, version, vipCidr, iface, extra.indent(4)));
        return this;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
