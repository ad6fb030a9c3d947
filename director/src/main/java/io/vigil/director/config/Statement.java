package io.vigil.director.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One statement of the configuration tree: a keyword, its arguments and, for a block, the statements inside.
 *
 * @param keyword  the first word
 * @param args     the words after it on the same line, up to a brace
 * @param block    the statements between the braces, or null if the statement opens no block
 * @param closedAt where the closing brace was (null for no block, or a block left open at end of input)
 */
public record Statement(Token keyword, List<Token> args, List<Statement> block, SourcePosition closedAt) {

    /** The keyword's text. */
    public String name() {
        return keyword.text();
    }

    /** Where the keyword is. */
    public SourcePosition position() {
        return keyword.position();
    }

    /** Whether the statement opened a block. */
    public boolean hasBlock() {
        return block != null;
    }

    /** The statements inside, or an empty list. */
    public List<Statement> children() {
        return block == null ? List.of() : block;
    }

    /** The i-th argument's text, or null. */
    public String arg(int i) {
        return i < args.size() ? args.get(i).text() : null;
    }

    /** The arguments joined by single spaces. */
    public String argsText() {
        return args.stream().map(Token::text).collect(Collectors.joining(" "));
    }

    /** Where the i-th argument is, or the keyword's position past the end. */
    public SourcePosition argPosition(int i) {
        return i < args.size() ? args.get(i).position() : keyword.position();
    }

    /** Short form for messages and debugging; never recurses into the block. */
    @Override
    public String toString() {
        return name() + (args.isEmpty() ? "" : " " + argsText()) + (block == null ? "" : " {" + block.size() + "}");
    }
}
