/** The narrow boundary to the Linux kernel over java.lang.foreign: libc bindings with errno, struct layouts, raw and packet sockets, rtnetlink, namespaces and nftables steering. */
package io.vigil.dataplane.linux;
