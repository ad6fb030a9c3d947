package io.vigil.healthcheck.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits a script line into argv the way keepalived does before execve, without a shell (notify.c
 * {@code set_script_params_array}): words separated by blanks; single quotes keep everything literal, double quotes
 * keep blanks, a backslash outside single quotes escapes the next character. Pure.
 */
public final class CommandLine {

    private CommandLine() {
    }

    /**
     * Splits {@code line}.
     *
     * @return argv, or empty with {@code error} naming the unclosed quote and its column when the line is malformed
     */
    public static Optional<List<String>> split(String line, StringBuilder error) {
        List<String> argv = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        int quoteAt = -1;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                quoteAt = i;
                inWord = true;
            } else if (c == ' ' || c == '\t') {
                if (inWord) {
                    argv.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            error.append("unclosed ").append(quote).append(" opened at column ").append(quoteAt + 1)
                    .append(" of '").append(line).append("'; expected a matching ").append(quote);
            return Optional.empty();
        }
        if (inWord) {
            argv.add(word.toString());
        }
        if (argv.isEmpty()) {
            error.append("empty command line; expected a program path");
            return Optional.empty();
        }
        return Optional.of(List.copyOf(argv));
    }
}
