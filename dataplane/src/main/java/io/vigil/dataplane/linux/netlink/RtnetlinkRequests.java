package io.vigil.dataplane.linux.netlink;

import static io.vigil.dataplane.linux.netlink.NetlinkConstants.AF_INET;
import static io.vigil.dataplane.linux.netlink.NetlinkConstants.AF_INET6;
import static io.vigil.dataplane.linux.netlink.NetlinkConstants.NLM_F_ACK;
import static io.vigil.dataplane.linux.netlink.NetlinkConstants.NLM_F_CREATE;
import static io.vigil.dataplane.linux.netlink.NetlinkConstants.NLM_F_DUMP;
import static io.vigil.dataplane.linux.netlink.NetlinkConstants.NLM_F_EXCL;
import static io.vigil.dataplane.linux.netlink.NetlinkConstants.NLM_F_REPLACE;
import static io.vigil.dataplane.linux.netlink.NetlinkConstants.NLM_F_REQUEST;
import static io.vigil.dataplane.linux.netlink.NetlinkStructs.IFADDRMSG;
import static io.vigil.dataplane.linux.netlink.NetlinkStructs.IFINFOMSG;
import static io.vigil.dataplane.linux.netlink.NetlinkStructs.NDMSG;
import static io.vigil.dataplane.linux.netlink.NetlinkStructs.RTMSG;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Encodes the rtnetlink requests Vigil sends, the way iproute2 encodes the same commands. Each method writes one
 * complete message into the builder and returns its length.
 */
public final class RtnetlinkRequests {

    /**
     * struct ifa_cacheinfo of a deprecated address: ifa_prefered 0, ifa_valid forever (INFINITY_LIFE_TIME), then
     * cstamp and tstamp, which the kernel ignores on a request. Host byte order, as all of netlink.
     */
    private static final byte[] DEPRECATED_LIFETIMES = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder())
            .putInt(0).putInt(0xFFFFFFFF).putInt(0).putInt(0).array();

    private RtnetlinkRequests() {
    }

    /** RTM_GETLINK dump: every link ({@code ip link}). */
    public static int dumpLinks(NetlinkRequest request, int seq) {
        request.begin(NetlinkConstants.RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, seq);
        request.header(IFINFOMSG);
        return request.finish();
    }

    /** RTM_GETLINK for one link by index. */
    public static int getLink(NetlinkRequest request, int seq, int index) {
        request.begin(NetlinkConstants.RTM_GETLINK, NLM_F_REQUEST, seq);
        int h = request.header(IFINFOMSG);
        request.putU32(h + NetlinkStructs.IFI_INDEX, index);
        return request.finish();
    }

    /** RTM_GETLINK for one link by name (IFLA_IFNAME). */
    public static int getLink(NetlinkRequest request, int seq, String name) {
        request.begin(NetlinkConstants.RTM_GETLINK, NLM_F_REQUEST, seq);
        request.header(IFINFOMSG);
        request.attributeString(NetlinkConstants.IFLA_IFNAME, name);
        return request.finish();
    }

    /**
     * RTM_NEWLINK on an existing link ({@code ip link set dev IF up|down}): an ifinfomsg with the index, IFF_UP in
     * ifi_change and, to bring it up, in ifi_flags; acked.
     */
    public static int setLinkUp(NetlinkRequest request, int seq, int index, boolean up) {
        request.begin(NetlinkConstants.RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, seq);
        int h = request.header(IFINFOMSG);
        request.putU32(h + NetlinkStructs.IFI_INDEX, index)
                .putU32(h + NetlinkStructs.IFI_FLAGS, up ? NetlinkConstants.IFF_UP : 0)
                .putU32(h + NetlinkStructs.IFI_CHANGE, NetlinkConstants.IFF_UP);
        return request.finish();
    }

    /** RTM_GETADDR dump of IPv4 and IPv6 addresses ({@code ip addr}). */
    public static int dumpAddresses(NetlinkRequest request, int seq) {
        request.begin(NetlinkConstants.RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, seq);
        request.header(IFADDRMSG);
        return request.finish();
    }

    /**
     * RTM_NEWADDR ({@code ip addr add}): flags NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, an
     * ifaddrmsg, then IFA_LOCAL, IFA_ADDRESS, IFA_BROADCAST, IFA_LABEL and (for flags above 0xff) IFA_FLAGS.
     */
    public static int newAddress(NetlinkRequest request, int seq, IfAddress address) {
        request.begin(NetlinkConstants.RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, seq);
        addressBody(request, address, true);
        return request.finish();
    }

    /** RTM_DELADDR ({@code ip addr del}): an ifaddrmsg, IFA_LOCAL and IFA_ADDRESS; acked. */
    public static int deleteAddress(NetlinkRequest request, int seq, IfAddress address) {
        request.begin(NetlinkConstants.RTM_DELADDR, NLM_F_REQUEST | NLM_F_ACK, seq);
        addressBody(request, address, false);
        return request.finish();
    }

    private static void addressBody(NetlinkRequest request, IfAddress address, boolean full) {
        int h = request.header(IFADDRMSG);
        request.putU8(h + NetlinkStructs.IFA_FAMILY, address.family())
                .putU8(h + NetlinkStructs.IFA_PREFIXLEN, address.prefixLength())
                .putU8(h + NetlinkStructs.IFA_FLAGS_FIELD, full && requested(address) <= 0xff ? requested(address) : 0)
                .putU8(h + NetlinkStructs.IFA_SCOPE, full ? address.scope() : 0)
                .putU32(h + NetlinkStructs.IFA_INDEX, address.index());
        byte[] local = address.address().getAddress();
        request.attribute(NetlinkConstants.IFA_LOCAL, local);
        request.attribute(NetlinkConstants.IFA_ADDRESS, local);
        if (!full) {
            return;
        }
        address.broadcast().ifPresent(b -> request.attribute(NetlinkConstants.IFA_BROADCAST, b.getAddress()));
        address.label().ifPresent(l -> request.attributeString(NetlinkConstants.IFA_LABEL, l));
        if (requested(address) > 0xff) {
            request.attributeU32(NetlinkConstants.IFA_FLAGS, requested(address));
        }
        if ((address.flags() & IfAddress.DEPRECATED) != 0) {
            request.attribute(NetlinkConstants.IFA_CACHEINFO, DEPRECATED_LIFETIMES);
        }
    }

    /** The flags a request carries: {@link IfAddress#DEPRECATED} travels as lifetimes instead. */
    private static int requested(IfAddress address) {
        return address.flags() & ~IfAddress.DEPRECATED;
    }

    /** RTM_GETROUTE for one destination ({@code ip route get}): an rtmsg with a host prefix, and RTA_DST. */
    public static int getRoute(NetlinkRequest request, int seq, InetAddress destination) {
        request.begin(NetlinkConstants.RTM_GETROUTE, NLM_F_REQUEST, seq);
        int h = request.header(RTMSG);
        boolean v4 = destination instanceof Inet4Address;
        request.putU8(h + NetlinkStructs.RTM_FAMILY, v4 ? AF_INET : AF_INET6)
                .putU8(h + NetlinkStructs.RTM_DST_LEN, v4 ? 32 : 128);
        request.attribute(NetlinkConstants.RTA_DST, destination.getAddress());
        return request.finish();
    }

    /** RTM_GETNEIGH for one entry ({@code ip neigh get ADDR dev IF}): an ndmsg with the index, and NDA_DST. */
    public static int getNeighbour(NetlinkRequest request, int seq, int index, InetAddress address) {
        request.begin(NetlinkConstants.RTM_GETNEIGH, NLM_F_REQUEST, seq);
        int h = request.header(NDMSG);
        request.putU8(h + NetlinkStructs.NDM_FAMILY, address instanceof Inet4Address ? AF_INET : AF_INET6)
                .putU32(h + NetlinkStructs.NDM_IFINDEX, index);
        request.attribute(NetlinkConstants.NDA_DST, address.getAddress());
        return request.finish();
    }

    /**
     * RTM_NEWNEIGH with NTF_USE: makes the kernel resolve {@code address} on interface {@code index} (ARP request or
     * IPv6 neighbour solicitation) as if a packet were waiting for it, creating an entry when there is none. Flags
     * NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE, ndm_state NUD_NONE (the kernel's neigh_add calls
     * neigh_event_send for NTF_USE instead of updating the entry).
     */
    public static int useNeighbour(NetlinkRequest request, int seq, int index, InetAddress address) {
        request.begin(NetlinkConstants.RTM_NEWNEIGH, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE, seq);
        int h = request.header(NDMSG);
        request.putU8(h + NetlinkStructs.NDM_FAMILY, address instanceof Inet4Address ? AF_INET : AF_INET6)
                .putU32(h + NetlinkStructs.NDM_IFINDEX, index)
                .putU16(h + NetlinkStructs.NDM_STATE, NetlinkConstants.NUD_NONE)
                .putU8(h + NetlinkStructs.NDM_FLAGS, NetlinkConstants.NTF_USE);
        request.attribute(NetlinkConstants.NDA_DST, address.getAddress());
        return request.finish();
    }
}
