package io.vigil.director.config;

import java.util.List;

/**
 * {@code SMTP_CHECK}: expect the 220 greeting and 250 to HELO (check_smtp.c).
 *
 * @param settings the shared checker options
 * @param heloName {@code helo_name}, default smtpchecker.keepalived.org
 * @param hosts    the {@code host} sub-blocks, each with its own connect options
 * @param position where the block starts
 */
public record SmtpCheck(CheckerSettings settings, String heloName, List<CheckerSettings> hosts,
        SourcePosition position) implements Checker {

    /** keepalived's default HELO name (check_smtp.c). */
    public static final String DEFAULT_HELO_NAME = "smtpchecker.keepalived.org";

    @Override
    public String type() {
        return "SMTP_CHECK";
    }
}
