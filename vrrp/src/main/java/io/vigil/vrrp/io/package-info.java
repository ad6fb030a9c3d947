/** VRRP on the machine: one Netty IoEventLoop owns every instance, its raw sockets (as EpollIoHandles) and timers, and carries out the state machines' actions. */
package io.vigil.vrrp.io;
