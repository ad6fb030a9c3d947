package io.vigil.dataplane.linux;

import java.io.IOException;

/**
 * A failed Linux system call: names the call, the errno with its symbolic name and meaning, and the arguments
 * that matter (interface, address, fd). Every native failure in Vigil surfaces as one of these.
 */
public final class LinuxException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;
    private final String detail;

    /**
     * @param call   the system call or libc function, e.g. {@code "setsockopt(IP_ADD_MEMBERSHIP)"}
     * @param errno  the captured errno
     * @param detail the arguments that matter, e.g. {@code "interface ve0, group 224.0.0.18"}
     */
    public LinuxException(String call, int errno, String detail) {
        super(call + " failed: " + Errno.describe(errno) + (detail.isEmpty() ? "" : " (" + detail + ")"));
        this.call = call;
        this.errno = errno;
        this.detail = detail;
    }

    /** The call that failed. */
    public String call() {
        return call;
    }

    /** The errno it returned. */
    public int errno() {
        return errno;
    }

    /** The arguments that matter, as given by the caller. */
    public String detail() {
        return detail;
    }

    /** The same failure with more context prepended to the detail, e.g. the interface a socket was opened for. */
    public LinuxException withContext(String context) {
        LinuxException e = new LinuxException(call, errno, detail.isEmpty() ? context : context + ", " + detail);
        e.setStackTrace(getStackTrace());
        return e;
    }
}
