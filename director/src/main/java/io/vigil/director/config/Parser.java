package io.vigil.director.config;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Builds the {@link Statement} tree from preprocessed lines, as keepalived's parser.c does: a statement ends at the
 * end of its line or at a brace, blocks open and close anywhere on a line, and a lone {@code {} on the next line
 * opens the block of the statement before it.
 *
 * <p>The tree is built with an explicit stack, never by recursion on the Java stack. Blocks nested deeper than
 * {@link #MAX_DEPTH} are reported once and their content dropped, so every later walk over the tree is shallow.
 */
public final class Parser {

    /**
     * Deepest nesting kept. keepalived's grammar nests at most five levels
     * (virtual_server, real_server, checker, url or host); 100 leaves room and bounds every walk.
     */
    public static final int MAX_DEPTH = 100;

    private final Diagnostics diagnostics;

    /** A parser reporting to {@code diagnostics}. */
    public Parser(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    private static final class Frame {
        final Token keyword;
        final List<Token> args;
        final List<Statement> children = new ArrayList<>();

        Frame(Token keyword, List<Token> args) {
            this.keyword = keyword;
            this.args = args;
        }
    }

    /** The top-level statements of the given lines; problems become diagnostics. */
    public List<Statement> parse(List<LogicalLine> lines) {
        Lexer lexer = new Lexer(diagnostics);
        Deque<Frame> stack = new ArrayDeque<>();
        Frame root = new Frame(null, List.of());
        stack.push(root);
        int droppedDepth = 0;
        SourcePosition last = null;
        for (LogicalLine line : lines) {
            List<Token> pending = new ArrayList<>();
            Statement openable = lastIfOpenable(stack.peek());
            for (Token token : lexer.tokens(line)) {
                last = token.position();
                if (droppedDepth > 0) {
                    if (token.kind() == Token.Kind.OPEN) {
                        droppedDepth++;
                    } else if (token.kind() == Token.Kind.CLOSE) {
                        droppedDepth--;
                    }
                    continue;
                }
                switch (token.kind()) {
                    case WORD -> pending.add(token);
                    case OPEN -> {
                        Frame frame = stack.peek();
                        Token keyword;
                        List<Token> args;
                        if (!pending.isEmpty()) {
                            keyword = pending.getFirst();
                            args = List.copyOf(pending.subList(1, pending.size()));
                            pending.clear();
                        } else if (openable != null && !frame.children.isEmpty()
                                && frame.children.getLast() == openable) {
                            frame.children.removeLast();
                            keyword = openable.keyword();
                            args = openable.args();
                        } else {
                            diagnostics.error(token.position(), "unexpected '{': found no keyword before it,"
                                    + " expected 'keyword {'; its content is ignored");
                            keyword = new Token("{", Token.Kind.OPEN, false, token.position());
                            args = List.of();
                        }
                        openable = null;
                        if (stack.size() > MAX_DEPTH) {
                            diagnostics.fatal(token.position(), "blocks nested deeper than " + MAX_DEPTH
                                    + " levels; expected at most " + MAX_DEPTH + " (keepalived nests at most 5),"
                                    + " the content of this block is ignored");
                            droppedDepth = 1;
                        } else {
                            stack.push(new Frame(keyword, args));
                        }
                    }
                    case CLOSE -> {
                        flush(stack.peek(), pending);
                        openable = null;
                        if (stack.size() == 1) {
                            diagnostics.error(token.position(),
                                    "extra '}' found: no block is open here, expected a keyword");
                        } else {
                            Frame done = stack.pop();
                            stack.peek().children.add(new Statement(done.keyword, done.args,
                                    List.copyOf(done.children), token.position()));
                        }
                    }
                }
            }
            flush(stack.peek(), pending);
        }
        if (droppedDepth > 0 && last != null) {
            diagnostics.error(last, "missing '}': found the end of the input inside " + droppedDepth
                    + " ignored nested blocks, expected '}'");
        }
        while (stack.size() > 1) {
            Frame open = stack.pop();
            SourcePosition eof = last == null ? open.keyword.position() : last;
            diagnostics.error(eof, "missing '}': found the end of the input, expected '}' closing '"
                    + open.keyword.text() + "' opened at " + open.keyword.position());
            stack.peek().children.add(new Statement(open.keyword, open.args, List.copyOf(open.children), null));
        }
        return List.copyOf(root.children);
    }

    private static Statement lastIfOpenable(Frame frame) {
        if (frame.children.isEmpty()) {
            return null;
        }
        Statement last = frame.children.getLast();
        return last.hasBlock() ? null : last;
    }

    private static void flush(Frame frame, List<Token> pending) {
        if (!pending.isEmpty()) {
            frame.children.add(new Statement(pending.getFirst(), List.copyOf(pending.subList(1, pending.size())),
                    null, null));
            pending.clear();
        }
    }
}
