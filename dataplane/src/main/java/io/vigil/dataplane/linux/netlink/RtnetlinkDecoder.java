package io.vigil.dataplane.linux.netlink;

import static io.vigil.dataplane.linux.netlink.NetlinkConstants.AF_INET;
import static io.vigil.dataplane.linux.netlink.NetlinkConstants.AF_INET6;
import static io.vigil.dataplane.linux.netlink.NetlinkConstants.messageTypeName;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Decodes the rtnetlink messages under a {@link NetlinkCursor} into records. Never throws on bad input: a
 * malformed message yields null and its reason (message type, offset, what was found and expected) is recorded
 * in the {@link ParseDiagnostics}. Reuses one {@link AttributeCursor}; single owner thread.
 */
public final class RtnetlinkDecoder {

    private final AttributeCursor attributes = new AttributeCursor();
    private final ParseDiagnostics diagnostics;

    /** A decoder recording problems in {@code diagnostics}. */
    public RtnetlinkDecoder(ParseDiagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** Where problems go. */
    public ParseDiagnostics diagnostics() {
        return diagnostics;
    }

    private boolean fits(NetlinkCursor m, MemoryLayout header) {
        if (m.payloadLength() < header.byteSize()) {
            reject(m, "payload of " + m.payloadLength() + " bytes, expected at least " + header.byteSize() + " ("
                    + header.name().orElse("header") + ")");
            return false;
        }
        return true;
    }

    private void startAttributes(NetlinkCursor m, MemoryLayout header) {
        attributes.wrap(m.buffer(), m.payloadOffset() + NetlinkStructs.nlmsgAlign((int) header.byteSize()), m.end());
    }

    private <T> T reject(NetlinkCursor m, String problem) {
        diagnostics.record(messageTypeName(m.type()) + " at offset " + m.offset() + ": " + problem);
        return null;
    }

    private boolean attributesBroken(NetlinkCursor m) {
        if (attributes.malformed() != null) {
            reject(m, attributes.malformed());
            return true;
        }
        return false;
    }

    /** RTM_NEWLINK / RTM_DELLINK to a {@link Link}, or null. */
    public Link link(NetlinkCursor m) {
        if (!fits(m, NetlinkStructs.IFINFOMSG)) {
            return null;
        }
        MemorySegment b = m.buffer();
        int p = m.payloadOffset();
        int index = b.get(JAVA_INT_UNALIGNED, p + NetlinkStructs.IFI_INDEX);
        int flags = b.get(JAVA_INT_UNALIGNED, p + NetlinkStructs.IFI_FLAGS);
        String name = null;
        LinkLayerAddress address = null;
        int mtu = 0;
        OperState oper = OperState.UNKNOWN;
        int rxQueues = 1;
        startAttributes(m, NetlinkStructs.IFINFOMSG);
        while (attributes.next()) {
            switch (attributes.type()) {
                case NetlinkConstants.IFLA_IFNAME -> name = attributes.string();
                case NetlinkConstants.IFLA_ADDRESS -> address = LinkLayerAddress.of(attributes.bytes());
                case NetlinkConstants.IFLA_MTU -> {
                    if (attributes.dataLength() != 4) {
                        return reject(m, "IFLA_MTU of " + attributes.dataLength() + " bytes, expected 4");
                    }
                    mtu = attributes.u32();
                }
                case NetlinkConstants.IFLA_NUM_RX_QUEUES -> {
                    if (attributes.dataLength() == 4) {
                        rxQueues = Math.max(1, attributes.u32());
                    }
                }
                case NetlinkConstants.IFLA_OPERSTATE -> {
                    if (attributes.dataLength() < 1) {
                        return reject(m, "empty IFLA_OPERSTATE, expected 1 byte");
                    }
                    oper = OperState.of(attributes.u8());
                }
                default -> { }
            }
        }
        if (attributesBroken(m)) {
            return null;
        }
        if (name == null || name.isEmpty()) {
            return reject(m, "ifindex " + index + " has no IFLA_IFNAME");
        }
        return new Link(index, name, Optional.ofNullable(address), mtu, flags, oper, rxQueues);
    }

    /** RTM_NEWADDR / RTM_DELADDR to an {@link IfAddress}, or null (families other than IPv4/IPv6 count as skipped). */
    public IfAddress address(NetlinkCursor m) {
        if (!fits(m, NetlinkStructs.IFADDRMSG)) {
            return null;
        }
        MemorySegment b = m.buffer();
        int p = m.payloadOffset();
        int family = Byte.toUnsignedInt(b.get(JAVA_BYTE, p + NetlinkStructs.IFA_FAMILY));
        if (family != AF_INET && family != AF_INET6) {
            return reject(m, "ifa_family " + family + ", expected AF_INET (2) or AF_INET6 (10)");
        }
        int addressBytes = family == AF_INET ? 4 : 16;
        int prefix = Byte.toUnsignedInt(b.get(JAVA_BYTE, p + NetlinkStructs.IFA_PREFIXLEN));
        int flags = Byte.toUnsignedInt(b.get(JAVA_BYTE, p + NetlinkStructs.IFA_FLAGS_FIELD));
        int scope = Byte.toUnsignedInt(b.get(JAVA_BYTE, p + NetlinkStructs.IFA_SCOPE));
        int index = b.get(JAVA_INT_UNALIGNED, p + NetlinkStructs.IFA_INDEX);
        InetAddress local = null;
        InetAddress prefixAddress = null;
        InetAddress broadcast = null;
        String label = null;
        startAttributes(m, NetlinkStructs.IFADDRMSG);
        while (attributes.next()) {
            int type = attributes.type();
            switch (type) {
                case NetlinkConstants.IFA_LOCAL, NetlinkConstants.IFA_ADDRESS, NetlinkConstants.IFA_BROADCAST -> {
                    if (attributes.dataLength() != addressBytes) {
                        return reject(m, "IFA attribute " + type + " of " + attributes.dataLength()
                                + " bytes, expected " + addressBytes + " for family " + family);
                    }
                    InetAddress a = attributes.inetAddress();
                    if (type == NetlinkConstants.IFA_LOCAL) {
                        local = a;
                    } else if (type == NetlinkConstants.IFA_ADDRESS) {
                        prefixAddress = a;
                    } else {
                        broadcast = a;
                    }
                }
                case NetlinkConstants.IFA_LABEL -> label = attributes.string();
                case NetlinkConstants.IFA_FLAGS -> {
                    if (attributes.dataLength() != 4) {
                        return reject(m, "IFA_FLAGS of " + attributes.dataLength() + " bytes, expected 4");
                    }
                    flags = attributes.u32();
                }
                default -> { }
            }
        }
        if (attributesBroken(m)) {
            return null;
        }
        InetAddress address = local != null ? local : prefixAddress;
        if (address == null) {
            return reject(m, "ifindex " + index + " has neither IFA_LOCAL nor IFA_ADDRESS");
        }
        try {
            return new IfAddress(index, address, prefix, scope, flags,
                    Optional.ofNullable(family == AF_INET && label != null && !label.isEmpty()
                            && label.length() <= IfAddress.MAX_LABEL_BYTES ? label : null),
                    Optional.ofNullable(family == AF_INET ? broadcast : null));
        } catch (IllegalArgumentException e) {
            return reject(m, e.getMessage());
        }
    }

    /** An RTM_NEWROUTE answering RTM_GETROUTE, to a {@link Route}, or null. */
    public Route route(NetlinkCursor m) {
        if (!fits(m, NetlinkStructs.RTMSG)) {
            return null;
        }
        int type = Byte.toUnsignedInt(m.buffer().get(JAVA_BYTE, m.payloadOffset() + NetlinkStructs.RTM_TYPE));
        InetAddress destination = null;
        InetAddress gateway = null;
        InetAddress source = null;
        int oif = 0;
        startAttributes(m, NetlinkStructs.RTMSG);
        while (attributes.next()) {
            switch (attributes.type()) {
                case NetlinkConstants.RTA_DST -> destination = attributes.inetAddress();
                case NetlinkConstants.RTA_GATEWAY -> gateway = attributes.inetAddress();
                case NetlinkConstants.RTA_PREFSRC -> source = attributes.inetAddress();
                case NetlinkConstants.RTA_OIF -> {
                    if (attributes.dataLength() != 4) {
                        return reject(m, "RTA_OIF of " + attributes.dataLength() + " bytes, expected 4");
                    }
                    oif = attributes.u32();
                }
                default -> { }
            }
        }
        if (attributesBroken(m)) {
            return null;
        }
        if (destination == null) {
            return reject(m, "no RTA_DST of 4 or 16 bytes");
        }
        return new Route(destination, oif, Optional.ofNullable(gateway), Optional.ofNullable(source), type);
    }

    /** RTM_NEWNEIGH to a {@link Neighbour}, or null. */
    public Neighbour neighbour(NetlinkCursor m) {
        if (!fits(m, NetlinkStructs.NDMSG)) {
            return null;
        }
        MemorySegment b = m.buffer();
        int p = m.payloadOffset();
        int index = b.get(JAVA_INT_UNALIGNED, p + NetlinkStructs.NDM_IFINDEX);
        int state = Short.toUnsignedInt(b.get(JAVA_SHORT_UNALIGNED, p + NetlinkStructs.NDM_STATE));
        InetAddress destination = null;
        LinkLayerAddress lladdr = null;
        startAttributes(m, NetlinkStructs.NDMSG);
        while (attributes.next()) {
            switch (attributes.type()) {
                case NetlinkConstants.NDA_DST -> destination = attributes.inetAddress();
                case NetlinkConstants.NDA_LLADDR -> lladdr = LinkLayerAddress.of(attributes.bytes());
                default -> { }
            }
        }
        if (attributesBroken(m)) {
            return null;
        }
        if (destination == null) {
            return reject(m, "no NDA_DST of 4 or 16 bytes");
        }
        return new Neighbour(index, destination, Optional.ofNullable(lladdr), state);
    }

    /** An announcement to an event: links and addresses; other types and malformed messages give null. */
    public RtnetlinkEvent event(NetlinkCursor m) {
        return switch (m.type()) {
            case NetlinkConstants.RTM_NEWLINK -> {
                Link link = link(m);
                yield link == null ? null : new LinkChanged(link);
            }
            case NetlinkConstants.RTM_DELLINK -> {
                Link link = link(m);
                yield link == null ? null : new LinkRemoved(link);
            }
            case NetlinkConstants.RTM_NEWADDR -> {
                IfAddress a = address(m);
                yield a == null ? null : new AddressAdded(a);
            }
            case NetlinkConstants.RTM_DELADDR -> {
                IfAddress a = address(m);
                yield a == null ? null : new AddressRemoved(a);
            }
            default -> null;
        };
    }

    /**
     * An NLMSG_ERROR to an ack, or null when it is too short. The kernel's text is read from the extended-ack
     * TLVs (NLM_F_ACK_TLVS), which follow the echoed request: its header only when NLM_F_CAPPED, else all of it.
     */
    public NetlinkAck ack(NetlinkCursor m) {
        if (!fits(m, NetlinkStructs.NLMSGERR)) {
            return null;
        }
        MemorySegment b = m.buffer();
        int p = m.payloadOffset();
        int error = b.get(JAVA_INT_UNALIGNED, p + NetlinkStructs.NLMSGERR_ERROR);
        if (error > 0 || error == Integer.MIN_VALUE) {
            return reject(m, "nlmsgerr.error " + error + ", expected 0 or a negative errno");
        }
        String text = null;
        if ((m.flags() & NetlinkConstants.NLM_F_ACK_TLVS) != 0) {
            long echoed = (m.flags() & NetlinkConstants.NLM_F_CAPPED) != 0
                    ? NetlinkStructs.NLMSG_HDRLEN
                    : Integer.toUnsignedLong(b.get(JAVA_INT_UNALIGNED,
                            p + NetlinkStructs.NLMSGERR_MSG + NetlinkStructs.NLMSG_LEN));
            long tlvs = p + NetlinkStructs.NLMSGERR_MSG + ((echoed + NetlinkStructs.ALIGNTO - 1) & -NetlinkStructs.ALIGNTO);
            if (echoed >= NetlinkStructs.NLMSG_HDRLEN && tlvs <= m.end()) {
                attributes.wrap(b, (int) tlvs, m.end());
                while (attributes.next()) {
                    if (attributes.type() == NetlinkConstants.NLMSGERR_ATTR_MSG) {
                        text = attributes.string();
                    }
                }
            }
        }
        return new NetlinkAck(-error, Optional.ofNullable(text));
    }
}
