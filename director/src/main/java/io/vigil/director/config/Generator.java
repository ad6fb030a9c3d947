package io.vigil.director.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code ~SEQ(var, start, step, end)}, {@code ~SEQx(...)} or {@code ~LST(var, v1, v2, ...)} at the start of a
 * line (keepalived.conf(5) "Sequence blocks", "List blocks"): the rest of the line is repeated once per round,
 * with the variables of that round defined.
 *
 * @param rounds    one map of variable to value per repetition, in order
 * @param remainder the rest of the line after the closing parenthesis
 * @param error     why the generator could not be read, or null
 */
record Generator(List<Map<String, String>> rounds, String remainder, String error) {

    /** Most rounds one generator may produce. */
    static final int MAX_ROUNDS = 1_000_000;

    /** Whether a (left-trimmed) line starts with a generator. */
    static boolean startsLine(String trimmed) {
        return trimmed.startsWith("~SEQ(") || trimmed.startsWith("~SEQx(") || trimmed.startsWith("~LST(");
    }

    private static Generator failed(String why) {
        return new Generator(List.of(), "", why);
    }

    /** Reads the generator at the start of {@code trimmed}; never throws. */
    static Generator parse(String trimmed) {
        int open = trimmed.indexOf('(');
        String kind = trimmed.substring(1, open);
        int depth = 0;
        int close = -1;
        for (int i = open; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c == '(' || c == '{') {
                depth++;
            } else if (c == ')' || c == '}') {
                depth--;
                if (depth == 0 && c == ')') {
                    close = i;
                    break;
                }
            }
        }
        if (close < 0) {
            return failed("~" + kind + " has no closing ')': expected ~" + kind + "(...) before the rest of the line");
        }
        List<String> parts = splitTopLevel(trimmed.substring(open + 1, close));
        String remainder = trimmed.substring(close + 1);
        return kind.equals("LST") ? list(parts, remainder) : sequence(parts, remainder, kind.equals("SEQx"));
    }

    private static Generator sequence(List<String> parts, String remainder, boolean hex) {
        if (parts.size() < 2 || parts.size() > 4) {
            return failed("~SEQ takes (var, [start, [step,]] end), found " + parts.size() + " fields");
        }
        String var = parts.getFirst();
        long start;
        long step;
        long end;
        try {
            end = Long.decode(parts.getLast());
            start = parts.size() >= 3 ? Long.decode(parts.get(1)) : (end >= 0 ? 1 : -1);
            step = parts.size() == 4 ? Long.decode(parts.get(2)) : (end >= start ? 1 : -1);
        } catch (NumberFormatException e) {
            return failed("~SEQ fields must be integers, found '" + String.join(",", parts.subList(1, parts.size()))
                    + "'");
        }
        if (step == 0) {
            return failed("~SEQ step is 0, expected a non-zero step");
        }
        List<Map<String, String>> rounds = new ArrayList<>();
        for (long v = start; step > 0 ? v <= end : v >= end; v += step) {
            if (rounds.size() >= MAX_ROUNDS) {
                return failed("~SEQ produces more than " + MAX_ROUNDS + " rounds");
            }
            rounds.add(Map.of(var, hex ? Long.toHexString(v) : Long.toString(v)));
        }
        return new Generator(rounds, remainder, null);
    }

    private static Generator list(List<String> parts, String remainder) {
        if (parts.size() < 2) {
            return failed("~LST takes (var, value, ...), found " + parts.size() + " fields");
        }
        List<String> vars = unbrace(parts.getFirst());
        List<Map<String, String>> rounds = new ArrayList<>();
        for (String value : parts.subList(1, parts.size())) {
            List<String> values = unbrace(value);
            if (values.size() != vars.size()) {
                return failed("~LST value '" + value + "' has " + values.size() + " fields, expected " + vars.size());
            }
            Map<String, String> round = new LinkedHashMap<>();
            for (int i = 0; i < vars.size(); i++) {
                round.put(vars.get(i), values.get(i));
            }
            rounds.add(round);
        }
        return new Generator(rounds, remainder, null);
    }

    private static List<String> unbrace(String s) {
        if (s.startsWith("{") && s.endsWith("}")) {
            return splitTopLevel(s.substring(1, s.length() - 1));
        }
        return List.of(s);
    }

    private static List<String> splitTopLevel(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(s.substring(from, i).strip());
                from = i + 1;
            }
        }
        out.add(s.substring(from).strip());
        return out;
    }
}
