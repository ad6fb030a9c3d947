package io.vigil.healthcheck.check;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The parts of an HTTP response head a checker needs, parsed the way keepalived's lib/html.c does: the status code
 * between the first two spaces of the status line, and {@code Content-Length} (matched case-insensitively here).
 *
 * @param statusCode    the status code, 0 when the status line is malformed (keepalived {@code extract_status_code})
 * @param contentLength the declared body length, if any
 */
record HttpResponseHead(int statusCode, OptionalLong contentLength) {

    /** The header terminator keepalived searches for, CRLF CRLF (lib/html.c {@code extract_html}). */
    static final byte[] END_OF_HEAD = {'\r', '\n', '\r', '\n'};

    /** Index just past the first CRLF CRLF in {@code bytes[0..length)}, or -1. */
    static int endOfHead(byte[] bytes, int length) {
        for (int i = 0; i + 3 < length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    /** Parses a head (the bytes before the body). Never throws. */
    static HttpResponseHead parse(byte[] head, int length) {
        String text = new String(head, 0, length, StandardCharsets.ISO_8859_1);
        int lineEnd = text.indexOf("\r\n");
        String statusLine = lineEnd < 0 ? text : text.substring(0, lineEnd);
        int status = 0;
        int sp = statusLine.indexOf(' ');
        if (sp >= 0 && sp + 4 <= statusLine.length()) {
            String digits = statusLine.substring(sp + 1, sp + 4);
            boolean terminated = sp + 4 == statusLine.length() || statusLine.charAt(sp + 4) == ' ';
            if (terminated && digits.chars().allMatch(Character::isDigit)) {
                status = Integer.parseInt(digits);
            }
        }
        OptionalLong contentLength = OptionalLong.empty();
        for (int start = 0; start < text.length(); ) {
            int end = text.indexOf("\r\n", start);
            if (end < 0) {
                end = text.length();
            }
            String line = text.substring(start, end);
            start = end + 2;
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                String value = line.substring(colon + 1).trim();
                if (!value.isEmpty() && value.chars().allMatch(Character::isDigit) && value.length() < 19) {
                    contentLength = OptionalLong.of(Long.parseLong(value));
                }
                break;
            }
        }
        return new HttpResponseHead(status, contentLength);
    }
}
