package io.vigil.director.config;

/**
 * One lexical token of a keepalived.conf line.
 *
 * @param text     the word with quotes removed and escapes applied; "{" or "}" for braces
 * @param kind     word or brace
 * @param quoted   whether any part of the word was inside double quotes
 * @param position where the token starts
 */
public record Token(String text, Kind kind, boolean quoted, SourcePosition position) {

    /** The three token kinds: keepalived splits a line at every unquoted brace. */
    public enum Kind { WORD, OPEN, CLOSE }
}
