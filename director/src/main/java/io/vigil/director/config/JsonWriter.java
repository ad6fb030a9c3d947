package io.vigil.director.config;

import java.math.BigDecimal;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A minimal streaming JSON writer (RFC 8259) with two-space indentation, for the {@code --dump} output. It knows
 * the value types of the configuration model: strings, numbers, booleans, {@link Duration} as seconds and
 * {@link InetAddress} in its textual (RFC 5952 for IPv6) form. Null values are skipped by {@link #field}.
 */
public final class JsonWriter {

    private final StringBuilder out = new StringBuilder();
    /** One entry per open object or array: whether nothing was written in it yet. */
    private final Deque<Boolean> empty = new ArrayDeque<>();
    private boolean afterName;

    /** Opens an object (as a value, or as the value of the last {@link #name}). */
    public JsonWriter beginObject() {
        return open('{');
    }

    /** Closes the innermost object. */
    public JsonWriter endObject() {
        return close('}');
    }

    /** Opens an array. */
    public JsonWriter beginArray() {
        return open('[');
    }

    /** Closes the innermost array. */
    public JsonWriter endArray() {
        return close(']');
    }

    /** Writes the name of the next member of the current object. */
    public JsonWriter name(String name) {
        separate();
        string(name);
        out.append(": ");
        afterName = true;
        return this;
    }

    /** Writes a member when {@code value} is not null. */
    public JsonWriter field(String name, Object value) {
        if (value != null) {
            name(name).value(value);
        }
        return this;
    }

    /** Writes one value: String, Number, Boolean, Duration (seconds), InetAddress, Enum or null. */
    public JsonWriter value(Object value) {
        separate();
        switch (value) {
            case null -> out.append("null");
            case Boolean b -> out.append(b);
            case Integer i -> out.append(i);
            case Long l -> out.append(l);
            case Number n -> out.append(new BigDecimal(n.toString()).stripTrailingZeros().toPlainString());
            case Duration d -> out.append(seconds(d));
            case InetAddress a -> string(address(a));
            default -> string(value.toString());
        }
        return this;
    }

    /** The document written so far. */
    @Override
    public String toString() {
        return out.toString();
    }

    /** A duration as decimal seconds without trailing zeros, e.g. 1, 0.5, 0.000001. */
    static String seconds(Duration d) {
        BigDecimal s = BigDecimal.valueOf(d.toNanos(), 9).stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0).toPlainString() : s.toPlainString();
    }

    /** IPv4 dotted quad, or IPv6 in the RFC 5952 short form (longest run of zero groups as ::). */
    static String address(InetAddress a) {
        if (!(a instanceof Inet6Address)) {
            return a.getHostAddress();
        }
        byte[] b = a.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = Math.max(i, j);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        String scope = ((Inet6Address) a).getScopedInterface() != null
                ? "%" + ((Inet6Address) a).getScopedInterface().getName()
                : ((Inet6Address) a).getScopeId() != 0 ? "%" + ((Inet6Address) a).getScopeId() : "";
        return sb + scope;
    }

    private JsonWriter open(char c) {
        separate();
        out.append(c);
        empty.push(true);
        return this;
    }

    private JsonWriter close(char c) {
        boolean wasEmpty = empty.pop();
        if (!wasEmpty) {
            newline();
        }
        out.append(c);
        return this;
    }

    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (empty.isEmpty()) {
            return;
        }
        if (!empty.peek()) {
            out.append(',');
        }
        empty.pop();
        empty.push(false);
        newline();
    }

    private void newline() {
        out.append('\n');
        out.append("  ".repeat(empty.size()));
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) && !validSurrogate(s, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
