package io.vigil.director.config;

/**
 * One line after preprocessing (comments removed, includes, conditionals, parameters and generators applied),
 * ready for the {@link Lexer}.
 *
 * @param text     the line's text
 * @param position where the first character of {@code text} came from (the use site for expanded parameters)
 */
public record LogicalLine(String text, SourcePosition position) {
}
