package io.vigil.director.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one {@link LogicalLine} into tokens: whitespace separates words, unquoted braces are tokens of their own,
 * double quotes group words and are removed, and quoted strings take shell-like escapes
 * (keepalived.conf(5) "Quoted strings"; parser.c {@code read_line}). Comments are already gone
 * ({@link Preprocessor}); outside quotes {@code \#} and {@code \!} stand for the literal characters.
 */
public final class Lexer {

    private final Diagnostics diagnostics;

    /** A lexer that reports unterminated quotes to {@code diagnostics}. */
    public Lexer(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** The tokens of one line; never throws. */
    public List<Token> tokens(LogicalLine line) {
        String s = line.text();
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || c == '\0') {
                i++;
                continue;
            }
            SourcePosition at = at(line, i);
            if (c == '{') {
                out.add(new Token("{", Token.Kind.OPEN, false, at));
                i++;
                continue;
            }
            if (c == '}') {
                out.add(new Token("}", Token.Kind.CLOSE, false, at));
                i++;
                continue;
            }
            StringBuilder word = new StringBuilder();
            boolean quoted = false;
            boolean inQuote = false;
            int quoteStart = -1;
            while (i < n) {
                c = s.charAt(i);
                if (!inQuote && (Character.isWhitespace(c) || c == '{' || c == '}' || c == '\0')) {
                    break;
                }
                if (c == '"') {
                    inQuote = !inQuote;
                    quoted = true;
                    quoteStart = i;
                    i++;
                } else if (c == '\\' && i + 1 < n) {
                    i = inQuote ? escape(s, i + 1, word) : literal(s, i + 1, word);
                } else {
                    word.append(c);
                    i++;
                }
            }
            if (inQuote) {
                diagnostics.error(at(line, quoteStart), "unterminated quote: found the end of the line inside a"
                        + " string opened here, expected a closing '\"'");
            }
            out.add(new Token(word.toString(), Token.Kind.WORD, quoted, at));
        }
        return out;
    }

    private static SourcePosition at(LogicalLine line, int index) {
        return line.position().atColumn(line.position().column() + index);
    }

    /** Outside quotes: {@code \#} and {@code \!} are the literal characters, any other backslash is kept. */
    private static int literal(String s, int i, StringBuilder word) {
        char c = s.charAt(i);
        if (c == '#' || c == '!') {
            word.append(c);
        } else {
            word.append('\\').append(c);
        }
        return i + 1;
    }

    /** Inside quotes: the escapes of keepalived.conf(5) "Quoted strings"; returns the index after the escape. */
    private static int escape(String s, int i, StringBuilder word) {
        char c = s.charAt(i);
        switch (c) {
            case 'a' -> word.append('\u0007');
            case 'b' -> word.append('\b');
            case 'E' -> word.append('\u001b');
            case 'f' -> word.append('\f');
            case 'n' -> word.append('\n');
            case 'r' -> word.append('\r');
            case 't' -> word.append('\t');
            case 'v' -> word.append('\u000b');
            case 'x' -> {
                int j = i + 1;
                int value = 0;
                while (j < s.length() && j < i + 3 && Character.digit(s.charAt(j), 16) >= 0) {
                    value = value * 16 + Character.digit(s.charAt(j), 16);
                    j++;
                }
                if (j == i + 1) {
                    word.append('x');
                    return j;
                }
                word.append((char) value);
                return j;
            }
            case 'c' -> {
                if (i + 1 < s.length()) {
                    word.append((char) (Character.toUpperCase(s.charAt(i + 1)) ^ 0x40));
                    return i + 2;
                }
                word.append('c');
            }
            default -> {
                if (c >= '0' && c <= '7') {
                    int j = i;
                    int value = 0;
                    while (j < s.length() && j < i + 3 && s.charAt(j) >= '0' && s.charAt(j) <= '7') {
                        value = value * 8 + (s.charAt(j) - '0');
                        j++;
                    }
                    word.append((char) (value & 0xff));
                    return j;
                }
                word.append(c);
            }
        }
        return i + 1;
    }
}
