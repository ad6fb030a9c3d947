package io.vigil.dataplane.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LibcTest {

    @Test
    void loopbackHasAnIndexAndItsName() throws Exception {
        int index = Libc.ifNameToIndex("lo");
        assertTrue(index > 0);
        assertEquals("lo", Libc.ifIndexToName(index));
    }

    @Test
    void missingInterfaceNamesTheCallErrnoAndInterface() {
        LinuxException e = assertThrows(LinuxException.class, () -> Libc.ifNameToIndex("vigil-nope0"));
        assertEquals("if_nametoindex", e.call());
        assertEquals(Errno.ENODEV, e.errno());
        assertTrue(e.getMessage().contains("ENODEV"), e.getMessage());
        assertTrue(e.getMessage().contains("No such device"), e.getMessage());
        assertTrue(e.getMessage().contains("interface vigil-nope0"), e.getMessage());
    }

    @Test
    void badSocketArgumentsCaptureErrno() {
        LinuxException e = assertThrows(LinuxException.class, () -> Libc.socket(-1, 2, 0));
        assertEquals(Errno.EAFNOSUPPORT, e.errno());
        assertTrue(e.getMessage().startsWith("socket failed: EAFNOSUPPORT"), e.getMessage());
    }

    @Test
    void closingAClosedDescriptorIsEbadf() throws Exception {
        int fd = Libc.socket(2, 2, 0);
        Libc.close(fd);
        LinuxException e = assertThrows(LinuxException.class, () -> Libc.close(fd));
        assertEquals(Errno.EBADF, e.errno());
        assertEquals("fd " + fd, e.detail());
    }

    @Test
    void contextIsPrepended() {
        LinuxException e = new LinuxException("bind", Errno.EADDRNOTAVAIL, "198.18.0.1").withContext("interface ve0");
        assertEquals("interface ve0, 198.18.0.1", e.detail());
        assertTrue(e.getMessage().contains("Cannot assign requested address"), e.getMessage());
    }
}
