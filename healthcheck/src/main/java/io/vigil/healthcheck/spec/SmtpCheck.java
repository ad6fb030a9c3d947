package io.vigil.healthcheck.spec;

/**
 * {@code SMTP_CHECK}: expect the 220 greeting, send HELO, expect 250, send QUIT (check_smtp.c L649-674).
 *
 * @param connect  where to connect (one per {@code host} sub-block; the director makes one checker per host)
 * @param heloName {@code helo_name}
 */
public record SmtpCheck(ConnectOptions connect, String heloName) implements ProbeSpec {

    /** Default helo_name (check_smtp.c SMTP_DEFAULT_HELO). */
    public static final String DEFAULT_HELO = "smtpchecker.keepalived.org";

    public SmtpCheck {
        if (connect == null || heloName == null || heloName.isBlank()) {
            throw new IllegalArgumentException("SMTP_CHECK needs connect options and a helo_name");
        }
    }

    @Override
    public String keyword() {
        return "SMTP_CHECK";
    }
}
