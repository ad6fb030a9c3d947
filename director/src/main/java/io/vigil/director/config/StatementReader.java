package io.vigil.director.config;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads typed values out of {@link Statement}s: integers in a range, keepalived TIMERs, BOOLs, IP literals. Each
 * failure is reported (what was found, what was expected, where) and answered with null, so callers keep their
 * default, as keepalived does. Also reports unknown and not-supported keywords.
 */
final class StatementReader {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[A-Za-z0-9_.-]+)?");
    private static final BigDecimal MICROS = BigDecimal.valueOf(1_000_000);

    private final Diagnostics diagnostics;

    StatementReader(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    Diagnostics diagnostics() {
        return diagnostics;
    }

    /** The i-th argument, or null with an error naming what was expected. */
    String required(Statement s, int i, String expected) {
        String v = s.arg(i);
        if (v == null) {
            diagnostics.error(s.position(), s.name() + ": found no " + (i == 0 ? "argument" : "argument " + (i + 1))
                    + ", expected " + expected);
        }
        return v;
    }

    /** The arguments from i joined with spaces, or null with an error when there are none. */
    String rest(Statement s, int i, String expected) {
        if (s.args().size() <= i) {
            required(s, i, expected);
            return null;
        }
        return String.join(" ", s.args().subList(i, s.args().size()).stream().map(Token::text).toList());
    }

    /**
     * The i-th argument when it is one of {@code allowed} (compared upper-cased when {@code upperCase}), returned
     * as listed; otherwise null with an error listing the allowed words.
     */
    String choice(Statement s, int i, List<String> allowed, boolean upperCase) {
        String expected = String.join(", ", allowed);
        String v = required(s, i, "one of " + expected);
        if (v == null) {
            return null;
        }
        String key = upperCase ? v.toUpperCase(Locale.ROOT) : v;
        if (allowed.contains(key)) {
            return key;
        }
        diagnostics.error(s.argPosition(i), s.name() + ": found '" + v + "', expected one of " + expected);
        return null;
    }

    /**
     * The i-th argument as the constant of {@code type} it names (compared upper-cased when {@code upperCase}, the
     * constants listed in declaration order in the error); otherwise null with an error listing them.
     */
    <E extends Enum<E>> E choice(Statement s, int i, Class<E> type, boolean upperCase) {
        String v = choice(s, i, Arrays.stream(type.getEnumConstants()).map(Enum::name).toList(), upperCase);
        return v == null ? null : Enum.valueOf(type, v);
    }

    /** An integer argument in [min, max], or null. */
    Long integer(Statement s, int i, long min, long max) {
        String v = required(s, i, "an integer in " + min + ".." + max);
        return v == null ? null : integer(s.name(), v, s.argPosition(i), min, max);
    }

    Integer intArg(Statement s, int i, long min, long max) {
        Long v = integer(s, i, min, max);
        return v == null ? null : v.intValue();
    }

    /** An integer in [min, max] from text, or null. */
    Long integer(String what, String text, SourcePosition at, long min, long max) {
        try {
            long v = Long.parseLong(text);
            if (v < min || v > max) {
                diagnostics.error(at, what + ": found " + v + ", expected an integer in " + min + ".." + max);
                return null;
            }
            return v;
        } catch (NumberFormatException e) {
            diagnostics.error(at, what + ": found '" + text + "', expected an integer in " + min + ".." + max);
            return null;
        }
    }

    /**
     * A keepalived TIMER: decimal seconds with microsecond resolution (keepalived.conf(5) L62-68), in
     * [minSeconds, maxSeconds], or null.
     */
    Duration timer(Statement s, int i, double minSeconds, double maxSeconds) {
        String range = "seconds in " + plain(minSeconds) + ".." + plain(maxSeconds);
        String v = required(s, i, range);
        if (v == null) {
            return null;
        }
        try {
            BigDecimal seconds = new BigDecimal(v);
            if (seconds.compareTo(BigDecimal.valueOf(minSeconds)) < 0
                    || seconds.compareTo(BigDecimal.valueOf(maxSeconds)) > 0) {
                diagnostics.error(s.argPosition(i), s.name() + ": found " + v + ", expected " + range);
                return null;
            }
            long micros = seconds.multiply(MICROS).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
            return Duration.ofNanos(micros * 1000);
        } catch (NumberFormatException | ArithmeticException e) {
            diagnostics.error(s.argPosition(i), s.name() + ": found '" + v + "', expected " + range);
            return null;
        }
    }

    private static String plain(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /** A BOOL: no argument means true; otherwise on|off|true|false|yes|no; null when invalid. */
    Boolean bool(Statement s) {
        String v = s.arg(0);
        if (v == null) {
            return true;
        }
        switch (v.toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes" -> {
                return true;
            }
            case "off", "false", "no" -> {
                return false;
            }
            default -> {
                diagnostics.error(s.argPosition(0), s.name() + ": found '" + v
                        + "', expected one of on, off, true, false, yes, no");
                return null;
            }
        }
    }

    boolean flag(Statement s) {
        Boolean b = bool(s);
        return b != null && b;
    }

    /** An IP literal argument (never a DNS lookup), or null. */
    InetAddress address(Statement s, int i) {
        String v = required(s, i, "an IPv4 or IPv6 address");
        return v == null ? null : address(s.name(), v, s.argPosition(i));
    }

    /** An IP literal (never a DNS lookup), or null with an error. */
    InetAddress address(String what, String text, SourcePosition at) {
        InetAddress a = parseAddress(text);
        if (a == null) {
            diagnostics.error(at, what + ": found '" + text + "', expected an IPv4 or IPv6 address");
        }
        return a;
    }

    /** An IP literal, or null; never reports and never resolves names. */
    static InetAddress parseAddress(String text) {
        var m = IPV4.matcher(text);
        try {
            if (m.matches()) {
                byte[] b = new byte[4];
                for (int k = 0; k < 4; k++) {
                    int octet = Integer.parseInt(m.group(k + 1));
                    if (octet > 255) {
                        return null;
                    }
                    b[k] = (byte) octet;
                }
                return InetAddress.getByAddress(b);
            }
            if (IPV6.matcher(text).matches() && text.length() <= 64) {
                return InetAddress.getByName(text.startsWith("[") ? text : text);
            }
        } catch (UnknownHostException | RuntimeException e) {
            return null;
        }
        return null;
    }

    /** A notify-style script: {@code "cmd args" [user [group]]}. */
    NotifyScript script(Statement s) {
        String cmd = required(s, 0, "a script command line");
        if (cmd == null) {
            return null;
        }
        return new NotifyScript(cmd, s.arg(1), s.arg(2), s.position());
    }

    /** Reports an unknown keyword, and every statement of its block, as keepalived reports each of them. */
    void unknown(Statement s, String context) {
        if (s.name().equals("{")) {
            return;
        }
        diagnostics.unknown(s.position(), "unknown keyword '" + s.name() + "' in " + context
                + ", expected one of the keywords keepalived.conf(5) lists there; ignored");
        ignoreBlock(s);
    }

    /** Reports each statement inside an ignored block, walking it without recursion. */
    void ignoreBlock(Statement s) {
        if (!s.hasBlock()) {
            return;
        }
        Deque<Statement> todo = new ArrayDeque<>();
        todo.push(s);
        while (!todo.isEmpty()) {
            Statement block = todo.pop();
            for (Statement inner : block.children().reversed()) {
                todo.push(inner);
            }
            if (block != s) {
                diagnostics.unknown(block.position(), "'" + block.name() + "' is inside the ignored block '"
                        + s.name() + "' (" + s.position() + ") and is ignored");
            }
            if (block.closedAt() != null) {
                diagnostics.unknown(block.closedAt(), "end of the ignored block '" + block.name() + "'");
            }
        }
    }

    /**
     * The statements of a block with each block opened on the line of another statement split off, as in
     * {@code weight 1 TCP_CHECK {}: keepalived 2.2.7 reports "Unexpected '{'" there and reads the block's lines as if
     * they belonged to the enclosing block, losing the checker. Vigil reports it as an error and reads the block as
     * its keyword's (a keyword in {@code blockKeywords}); a block after any other statement has its lines read in the
     * enclosing block, as keepalived reads them.
     */
    List<Statement> blocksOnOwnLines(List<Statement> statements, Set<String> blockKeywords, String context) {
        List<Statement> out = new ArrayList<>();
        for (Statement s : statements) {
            if (!s.hasBlock() || blockKeywords.contains(s.name())) {
                out.add(s);
                continue;
            }
            int at = -1;
            for (int i = 0; i < s.args().size() && at < 0; i++) {
                at = blockKeywords.contains(s.arg(i)) ? i : -1;
            }
            Statement head = new Statement(s.keyword(), at < 0 ? s.args() : s.args().subList(0, at), null, null);
            out.add(head);
            if (at < 0) {
                diagnostics.error(s.position(), "'" + s + "' in " + context + ": '" + s.name() + "' takes no block,"
                        + " expected no '{' on this line (keepalived: \"Unexpected '{' - ignoring\"); the block's"
                        + " lines are read as lines of " + context);
                out.addAll(s.children());
                continue;
            }
            Token keyword = s.args().get(at);
            diagnostics.error(keyword.position(), "'" + keyword.text() + " {' in " + context + " is opened on the line"
                    + " of '" + head + "', expected '" + keyword.text() + " {' on a line of its own (keepalived 2.2.7"
                    + " reports \"Unexpected '{'\" and loses this " + keyword.text() + "); read as " + keyword.text());
            out.add(new Statement(keyword, s.args().subList(at + 1, s.args().size()), s.block(), s.closedAt()));
        }
        return out;
    }

    /** Keeps a keyword Vigil accepts but does not implement, with a warning. */
    Setting unsupported(Statement s) {
        diagnostics.warning(s.position(), "'" + s.name() + "' is accepted but not supported by Vigil yet;"
                + " kept in the model and ignored");
        return keep(s);
    }

    /** The statement as a {@link Setting}, its block walked without recursion beyond the parser's depth bound. */
    static Setting keep(Statement s) {
        List<Setting> inner = new ArrayList<>();
        for (Statement c : s.children()) {
            inner.add(keep(c));
        }
        return new Setting(s.name(), s.args().stream().map(Token::text).toList(), List.copyOf(inner), s.position());
    }
}
