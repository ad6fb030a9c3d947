/**
 * rtnetlink messages (RFC 3549; linux/netlink.h, linux/rtnetlink.h): struct layouts, a request builder and flyweight
 * cursors over {@link java.lang.foreign.MemorySegment}, and the immutable links, addresses, routes, neighbours and
 * events they decode to.
 */
package io.vigil.dataplane.linux.netlink;
