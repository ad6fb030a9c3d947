package io.vigil.healthcheck.check;

import java.util.OptionalLong;

/**
 * The number a {@code track_file} holds, read as keepalived reads it with strtol: after leading and trailing blanks,
 * an optional sign and the digits that follow (at most 19 characters with the sign), whatever comes after them.
 * FILE_CHECK and the VRRP instances' track_files both read their files through it. Stateless.
 */
public final class TrackFileNumber {

    private TrackFileNumber() {
    }

    /** The number at the start of {@code text}, or empty when it does not start with one. */
    public static OptionalLong parse(String text) {
        String t = text.strip();
        int end = 0;
        if (end < t.length() && (t.charAt(end) == '-' || t.charAt(end) == '+')) {
            end++;
        }
        while (end < t.length() && Character.isDigit(t.charAt(end)) && end < 19) {
            end++;
        }
        try {
            return OptionalLong.of(Long.parseLong(t.substring(0, end)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
