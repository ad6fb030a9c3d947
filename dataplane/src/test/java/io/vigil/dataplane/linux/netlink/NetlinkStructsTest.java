package io.vigil.dataplane.linux.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.StructLayout;
import org.junit.jupiter.api.Test;

/** Sizes and offsets as gcc reports them for /usr/include/linux/{netlink,rtnetlink,if_addr,neighbour}.h on x86_64. */
class NetlinkStructsTest {

    private static long at(StructLayout layout, String field) {
        return layout.byteOffset(PathElement.groupElement(field));
    }

    @Test
    void sockaddrNl() {
        assertEquals(12, NetlinkStructs.SOCKADDR_NL.byteSize());
        assertEquals(0, at(NetlinkStructs.SOCKADDR_NL, "nl_family"));
        assertEquals(2, at(NetlinkStructs.SOCKADDR_NL, "nl_pad"));
        assertEquals(4, NetlinkStructs.NL_PID);
        assertEquals(8, NetlinkStructs.NL_GROUPS);
    }

    @Test
    void nlmsghdrAndNlmsgerr() {
        assertEquals(16, NetlinkStructs.NLMSGHDR.byteSize());
        assertEquals(16, NetlinkStructs.NLMSG_HDRLEN);
        assertEquals(0, NetlinkStructs.NLMSG_LEN);
        assertEquals(4, NetlinkStructs.NLMSG_TYPE);
        assertEquals(6, NetlinkStructs.NLMSG_FLAGS);
        assertEquals(8, NetlinkStructs.NLMSG_SEQ);
        assertEquals(12, NetlinkStructs.NLMSG_PID);
        assertEquals(20, NetlinkStructs.NLMSGERR.byteSize());
        assertEquals(0, NetlinkStructs.NLMSGERR_ERROR);
        assertEquals(4, NetlinkStructs.NLMSGERR_MSG);
    }

    @Test
    void ifinfomsg() {
        assertEquals(16, NetlinkStructs.IFINFOMSG.byteSize());
        assertEquals(0, NetlinkStructs.IFI_FAMILY);
        assertEquals(2, NetlinkStructs.IFI_TYPE);
        assertEquals(4, NetlinkStructs.IFI_INDEX);
        assertEquals(8, NetlinkStructs.IFI_FLAGS);
        assertEquals(12, NetlinkStructs.IFI_CHANGE);
    }

    @Test
    void ifaddrmsg() {
        assertEquals(8, NetlinkStructs.IFADDRMSG.byteSize());
        assertEquals(0, NetlinkStructs.IFA_FAMILY);
        assertEquals(1, NetlinkStructs.IFA_PREFIXLEN);
        assertEquals(2, NetlinkStructs.IFA_FLAGS_FIELD);
        assertEquals(3, NetlinkStructs.IFA_SCOPE);
        assertEquals(4, NetlinkStructs.IFA_INDEX);
    }

    @Test
    void rtmsg() {
        assertEquals(12, NetlinkStructs.RTMSG.byteSize());
        assertEquals(0, NetlinkStructs.RTM_FAMILY);
        assertEquals(1, NetlinkStructs.RTM_DST_LEN);
        assertEquals(2, at(NetlinkStructs.RTMSG, "rtm_src_len"));
        assertEquals(3, at(NetlinkStructs.RTMSG, "rtm_tos"));
        assertEquals(4, NetlinkStructs.RTM_TABLE);
        assertEquals(5, at(NetlinkStructs.RTMSG, "rtm_protocol"));
        assertEquals(6, NetlinkStructs.RTM_SCOPE);
        assertEquals(7, NetlinkStructs.RTM_TYPE);
        assertEquals(8, NetlinkStructs.RTM_FLAGS);
    }

    @Test
    void ndmsg() {
        assertEquals(12, NetlinkStructs.NDMSG.byteSize());
        assertEquals(0, NetlinkStructs.NDM_FAMILY);
        assertEquals(4, NetlinkStructs.NDM_IFINDEX);
        assertEquals(8, NetlinkStructs.NDM_STATE);
        assertEquals(10, NetlinkStructs.NDM_FLAGS);
        assertEquals(11, NetlinkStructs.NDM_TYPE);
    }

    @Test
    void rtattr() {
        assertEquals(4, NetlinkStructs.RTATTR.byteSize());
        assertEquals(0, NetlinkStructs.RTA_LEN);
        assertEquals(2, NetlinkStructs.RTA_TYPE);
        assertEquals(4, NetlinkStructs.RTA_HDRLEN);
    }

    @Test
    void alignmentRoundsUpToFour() {
        int[][] cases = {{0, 0}, {1, 4}, {3, 4}, {4, 4}, {5, 8}, {11, 12}, {16, 16}, {17, 20}};
        for (int[] c : cases) {
            assertEquals(c[1], NetlinkStructs.nlmsgAlign(c[0]), "NLMSG_ALIGN(" + c[0] + ")");
            assertEquals(c[1], NetlinkStructs.rtaAlign(c[0]), "RTA_ALIGN(" + c[0] + ")");
        }
    }
}
