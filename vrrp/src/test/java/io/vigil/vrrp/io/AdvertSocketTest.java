package io.vigil.vrrp.io;

import io.vigil.dataplane.linux.netlink.IfAddress;
import static io.vigil.vrrp.io.AdvertSourceRuleTest.address;
import static io.vigil.vrrp.io.AdvertSourceRuleTest.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.dataplane.linux.Errno;
import io.vigil.dataplane.linux.LinuxException;
import io.vigil.vrrp.wire.IpFamily;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The advert socket follows its source address: closed while missing or tentative, (re)opened when usable. */
class AdvertSocketTest {

    /** Records every open, send and close; refuses to bind the addresses in {@link #unbindable}. */
    private static final class RecordingOpener implements AdvertSocket.Opener {
        final List<String> calls = new ArrayList<>();
        final Set<InetAddress> unbindable = new HashSet<>();
        int errno = Errno.EADDRNOTAVAIL;

        @Override
        public AdvertSocket.Output open(InetAddress source) throws LinuxException {
            if (unbindable.contains(source)) {
                throw new LinuxException("bind", errno, "source " + source.getHostAddress());
            }
            calls.add("open " + source.getHostAddress());
            return new AdvertSocket.Output() {
                @Override
                public int send(int priority) {
                    calls.add("send " + priority + " from " + source.getHostAddress());
                    return 1;
                }

                @Override
                public void close() {
                    calls.add("close " + source.getHostAddress());
                }
            };
        }
    }

    private final RecordingOpener opener = new RecordingOpener();

    private AdvertSocket socket(IpFamily family, InetAddress configured, InetAddress startup) {
        return new AdvertSocket("VI_1", "eth0", new AdvertSourceRule(family, configured), startup, opener);
    }

    @Test
    void aTentativeLinkLocalAddressKeepsTheSocketClosedUntilDadEnds() throws Exception {
        InetAddress linkLocal = ip("fe80::1");
        opener.unbindable.add(linkLocal);
        AdvertSocket s = socket(IpFamily.IPV6, null, linkLocal);
        s.openAtStartup();
        assertFalse(s.usable(), "EADDRNOTAVAIL at startup is no error: the instance waits");
        assertEquals(0, s.send(100));
        assertNull(s.refresh(List.of(address("fe80::1", IfAddress.TENTATIVE))), "still tentative");
        opener.unbindable.clear();
        AdvertSocket.Change usable = s.refresh(List.of(address("fe80::1", IfAddress.PERMANENT)));
        assertEquals(new AdvertSocket.Change(true, null), usable, "same address as at startup");
        assertEquals(1, s.send(100));
        assertNull(s.refresh(List.of(address("fe80::1", IfAddress.PERMANENT))), "nothing changed");
        assertEquals(List.of("open fe80:0:0:0:0:0:0:1", "send 100 from fe80:0:0:0:0:0:0:1"), opener.calls);
    }

    @Test
    void anInterfaceWithoutAnAddressAtStartupOpensOnceOneIsAddedAndClosesWhenItGoes() throws Exception {
        AdvertSocket s = socket(IpFamily.IPV4, null, ip("0.0.0.0"));
        s.openAtStartup();
        assertFalse(s.usable());
        assertTrue(opener.calls.isEmpty(), "the placeholder is never bound");
        assertEquals(new AdvertSocket.Change(true, ip("198.18.0.1")), s.refresh(List.of(address("198.18.0.1", 0))));
        assertEquals(ip("198.18.0.1"), s.source());
        assertEquals(new AdvertSocket.Change(true, ip("198.18.0.2")), s.refresh(List.of(address("198.18.0.2", 0))),
                "the primary address changed: keepalived follows it");
        assertEquals(new AdvertSocket.Change(false, null), s.refresh(List.of()));
        assertFalse(s.usable());
        assertNull(s.refresh(List.of()), "no news while it stays closed");
        assertEquals(List.of("open 198.18.0.1", "close 198.18.0.1", "open 198.18.0.2", "close 198.18.0.2"),
                opener.calls);
    }

    @Test
    void aBindThatFailsIsRetriedOnTheNextRefresh() throws Exception {
        AdvertSocket s = socket(IpFamily.IPV4, null, ip("198.18.0.1"));
        opener.unbindable.add(ip("198.18.0.1"));
        s.openAtStartup();
        assertNull(s.refresh(List.of(address("198.18.0.1", 0))), "interface still down: bind still fails");
        opener.unbindable.clear();
        assertEquals(new AdvertSocket.Change(true, null), s.refresh(List.of(address("198.18.0.1", 0))),
                "the link came up");
    }

    @Test
    void aConfiguredSourceIsNotReplacedByAnotherAddress() throws Exception {
        AdvertSocket s = socket(IpFamily.IPV4, ip("198.18.0.9"), ip("198.18.0.9"));
        assertNull(s.refresh(List.of(address("198.18.0.1", 0))));
        assertFalse(s.usable());
        assertEquals(new AdvertSocket.Change(true, null),
                s.refresh(List.of(address("198.18.0.1", 0), address("198.18.0.9", 0))));
        assertEquals(List.of("open 198.18.0.9"), opener.calls);
    }

    @Test
    void otherBindErrorsAtStartupAreStartupErrors() {
        opener.unbindable.add(ip("198.18.0.1"));
        opener.errno = Errno.EPERM;
        AdvertSocket s = socket(IpFamily.IPV4, null, ip("198.18.0.1"));
        LinuxException e = assertThrows(LinuxException.class, s::openAtStartup);
        assertEquals(Errno.EPERM, e.errno());
    }

    @Test
    void aReloadReopensAnOpenSocketFromTheSameSourceThroughTheNewOpener() throws Exception {
        AdvertSocket s = socket(IpFamily.IPV4, ip("198.18.0.2"), ip("198.18.0.2"));
        s.openAtStartup();
        RecordingOpener next = new RecordingOpener();
        assertNull(s.reopen(next));
        assertEquals(1, s.send(90));
        assertEquals(List.of("open 198.18.0.2", "close 198.18.0.2"), opener.calls, "the old output is closed");
        assertEquals(List.of("open 198.18.0.2", "send 90 from 198.18.0.2"), next.calls);

        RecordingOpener refusing = new RecordingOpener();
        refusing.unbindable.add(ip("198.18.0.2"));
        assertEquals(new AdvertSocket.Change(false, null), s.reopen(refusing));
        assertFalse(s.usable());
    }
}
