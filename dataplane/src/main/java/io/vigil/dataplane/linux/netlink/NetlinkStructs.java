package io.vigil.dataplane.linux.netlink;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.StructLayout;

/**
 * The netlink and rtnetlink structs, declared once (x86_64 and every Linux ABI: all fields are host order and
 * naturally aligned). Field offsets are derived from the layouts; {@code NetlinkStructsTest} pins them to the values
 * of {@code /usr/include/linux/netlink.h}, {@code rtnetlink.h}, {@code if_addr.h} and {@code neighbour.h}.
 *
 * <pre>
 * nlmsghdr (16)      0      4       6        8      12
 *                    | len  | type  | flags  | seq  | pid |
 * rtattr (4)         | rta_len u16 | rta_type u16 | data ... padded to RTA_ALIGN (4)
 * message            | nlmsghdr | family header, NLMSG_ALIGNed | rtattr | rtattr | ...
 * </pre>
 */
public final class NetlinkStructs {

    /** struct sockaddr_nl (linux/netlink.h). */
    public static final StructLayout SOCKADDR_NL = MemoryLayout.structLayout(
            JAVA_SHORT.withName("nl_family"),
            JAVA_SHORT.withName("nl_pad"),
            JAVA_INT.withName("nl_pid"),
            JAVA_INT.withName("nl_groups")).withName("sockaddr_nl");

    /** struct nlmsghdr (linux/netlink.h). */
    public static final StructLayout NLMSGHDR = MemoryLayout.structLayout(
            JAVA_INT.withName("nlmsg_len"),
            JAVA_SHORT.withName("nlmsg_type"),
            JAVA_SHORT.withName("nlmsg_flags"),
            JAVA_INT.withName("nlmsg_seq"),
            JAVA_INT.withName("nlmsg_pid")).withName("nlmsghdr");

    /** struct nlmsgerr (linux/netlink.h): a negative errno, then the header of the request it answers. */
    public static final StructLayout NLMSGERR = MemoryLayout.structLayout(
            JAVA_INT.withName("error"),
            NLMSGHDR.withName("msg")).withName("nlmsgerr");

    /** struct ifinfomsg (linux/rtnetlink.h). */
    public static final StructLayout IFINFOMSG = MemoryLayout.structLayout(
            JAVA_BYTE.withName("ifi_family"),
            JAVA_BYTE.withName("__ifi_pad"),
            JAVA_SHORT.withName("ifi_type"),
            JAVA_INT.withName("ifi_index"),
            JAVA_INT.withName("ifi_flags"),
            JAVA_INT.withName("ifi_change")).withName("ifinfomsg");

    /** struct ifaddrmsg (linux/if_addr.h). */
    public static final StructLayout IFADDRMSG = MemoryLayout.structLayout(
            JAVA_BYTE.withName("ifa_family"),
            JAVA_BYTE.withName("ifa_prefixlen"),
            JAVA_BYTE.withName("ifa_flags"),
            JAVA_BYTE.withName("ifa_scope"),
            JAVA_INT.withName("ifa_index")).withName("ifaddrmsg");

    /** struct rtmsg (linux/rtnetlink.h). */
    public static final StructLayout RTMSG = MemoryLayout.structLayout(
            JAVA_BYTE.withName("rtm_family"),
            JAVA_BYTE.withName("rtm_dst_len"),
            JAVA_BYTE.withName("rtm_src_len"),
            JAVA_BYTE.withName("rtm_tos"),
            JAVA_BYTE.withName("rtm_table"),
            JAVA_BYTE.withName("rtm_protocol"),
            JAVA_BYTE.withName("rtm_scope"),
            JAVA_BYTE.withName("rtm_type"),
            JAVA_INT.withName("rtm_flags")).withName("rtmsg");

    /** struct ndmsg (linux/neighbour.h). */
    public static final StructLayout NDMSG = MemoryLayout.structLayout(
            JAVA_BYTE.withName("ndm_family"),
            JAVA_BYTE.withName("ndm_pad1"),
            JAVA_SHORT.withName("ndm_pad2"),
            JAVA_INT.withName("ndm_ifindex"),
            JAVA_SHORT.withName("ndm_state"),
            JAVA_BYTE.withName("ndm_flags"),
            JAVA_BYTE.withName("ndm_type")).withName("ndmsg");

    /** struct rtattr (linux/rtnetlink.h). */
    public static final StructLayout RTATTR = MemoryLayout.structLayout(
            JAVA_SHORT.withName("rta_len"),
            JAVA_SHORT.withName("rta_type")).withName("rtattr");

    /** NLMSG_ALIGNTO and RTA_ALIGNTO (both 4). */
    public static final int ALIGNTO = 4;

    public static final long NL_FAMILY = offset(SOCKADDR_NL, "nl_family");
    public static final long NL_PID = offset(SOCKADDR_NL, "nl_pid");
    public static final long NL_GROUPS = offset(SOCKADDR_NL, "nl_groups");

    public static final long NLMSG_LEN = offset(NLMSGHDR, "nlmsg_len");
    public static final long NLMSG_TYPE = offset(NLMSGHDR, "nlmsg_type");
    public static final long NLMSG_FLAGS = offset(NLMSGHDR, "nlmsg_flags");
    public static final long NLMSG_SEQ = offset(NLMSGHDR, "nlmsg_seq");
    public static final long NLMSG_PID = offset(NLMSGHDR, "nlmsg_pid");
    /** NLMSG_HDRLEN: where the family header starts. */
    public static final int NLMSG_HDRLEN = nlmsgAlign((int) NLMSGHDR.byteSize());

    public static final long NLMSGERR_ERROR = offset(NLMSGERR, "error");
    public static final long NLMSGERR_MSG = offset(NLMSGERR, "msg");

    public static final long IFI_FAMILY = offset(IFINFOMSG, "ifi_family");
    public static final long IFI_TYPE = offset(IFINFOMSG, "ifi_type");
    public static final long IFI_INDEX = offset(IFINFOMSG, "ifi_index");
    public static final long IFI_FLAGS = offset(IFINFOMSG, "ifi_flags");
    public static final long IFI_CHANGE = offset(IFINFOMSG, "ifi_change");

    public static final long IFA_FAMILY = offset(IFADDRMSG, "ifa_family");
    public static final long IFA_PREFIXLEN = offset(IFADDRMSG, "ifa_prefixlen");
    public static final long IFA_FLAGS_FIELD = offset(IFADDRMSG, "ifa_flags");
    public static final long IFA_SCOPE = offset(IFADDRMSG, "ifa_scope");
    public static final long IFA_INDEX = offset(IFADDRMSG, "ifa_index");

    public static final long RTM_FAMILY = offset(RTMSG, "rtm_family");
    public static final long RTM_DST_LEN = offset(RTMSG, "rtm_dst_len");
    public static final long RTM_TABLE = offset(RTMSG, "rtm_table");
    public static final long RTM_SCOPE = offset(RTMSG, "rtm_scope");
    public static final long RTM_TYPE = offset(RTMSG, "rtm_type");
    public static final long RTM_FLAGS = offset(RTMSG, "rtm_flags");

    public static final long NDM_FAMILY = offset(NDMSG, "ndm_family");
    public static final long NDM_IFINDEX = offset(NDMSG, "ndm_ifindex");
    public static final long NDM_STATE = offset(NDMSG, "ndm_state");
    public static final long NDM_FLAGS = offset(NDMSG, "ndm_flags");
    public static final long NDM_TYPE = offset(NDMSG, "ndm_type");

    public static final long RTA_LEN = offset(RTATTR, "rta_len");
    public static final long RTA_TYPE = offset(RTATTR, "rta_type");
    /** RTA_LENGTH(0): where an attribute's data starts. */
    public static final int RTA_HDRLEN = rtaAlign((int) RTATTR.byteSize());

    private NetlinkStructs() {
    }

    private static long offset(StructLayout layout, String field) {
        return layout.byteOffset(PathElement.groupElement(field));
    }

    /** NLMSG_ALIGN(len): rounds up to a multiple of 4. */
    public static int nlmsgAlign(int length) {
        return (length + ALIGNTO - 1) & -ALIGNTO;
    }

    /** RTA_ALIGN(len): rounds up to a multiple of 4. */
    public static int rtaAlign(int length) {
        return (length + ALIGNTO - 1) & -ALIGNTO;
    }
}
