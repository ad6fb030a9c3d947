package io.vigil.dataplane.lab;

/** A lab setup step or a lab command failed; the message quotes the command and what it printed. */
public final class LabException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LabException(String message) {
        super(message);
    }

    public LabException(String message, Throwable cause) {
        super(message, cause);
    }
}
