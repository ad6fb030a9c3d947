package io.vigil.dataplane.linux;

/** Where an XDP program runs on a device (linux/if_link.h XDP_FLAGS_*). */
public enum XdpMode {
    /** In the driver, before an skb exists (XDP_FLAGS_DRV_MODE): veth and most NIC drivers. */
    NATIVE(4),
    /** In the core receive path, on skbs (XDP_FLAGS_SKB_MODE): every device, slower. */
    GENERIC(2);

    private final int flag;

    XdpMode(int flag) {
        this.flag = flag;
    }

    /** The XDP_FLAGS_* bit. */
    public int flag() {
        return flag;
    }
}
