package io.vigil.director.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Reads configuration files into {@link LogicalLine}s the way keepalived's {@code read_line} does (parser.c
 * L2846-3100): comments removed, {@code include} followed, {@code @id}/{@code @^id} lines kept or dropped against the
 * config-id, {@code $NAME=value} definitions recorded and {@code $NAME}/{@code ${NAME}} substituted, and
 * {@code ~SEQ}/{@code ~LST} lines repeated. Everything runs from explicit queues, never recursion, and every
 * expansion has a limit, so hostile input ends in a diagnostic.
 *
 * <p>This is the file-reading edge of the package; the rest works on its output.
 */
public final class Preprocessor {

    /** Largest file read; a keepalived.conf of 5,000 virtual servers is about 1.5 MB. */
    public static final long MAX_FILE_BYTES = 16L * 1024 * 1024;
    /** Deepest include chain; keepalived stops at its open-file limit. */
    public static final int MAX_INCLUDE_DEPTH = 32;
    /** Most lines produced in total, after includes, parameters and generators. */
    public static final int MAX_LINES = 2_000_000;
    /** Most rounds of substitution of one line before it is called recursive. */
    public static final int MAX_SUBSTITUTIONS = 64;

    private static final Pattern DEFINITION = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)=(.*)", Pattern.DOTALL);
    /** {@code _RANDOM} with up to two space-separated decimal parameters (parser.c {@code find_definition}). */
    private static final Pattern RANDOM = Pattern.compile("_RANDOM((?: +[0-9]+)*)");
    /** {@code ${_RANDOM}}'s default MAX (parser.c {@code get_random}). */
    private static final long RANDOM_MAX = 32767;
    private static final Set<String> INCLUDES = Set.of("include", "includer", "includem", "includew", "includeb",
            "includea");

    private final Diagnostics diagnostics;
    private final String configId;
    private final Map<String, String> params = new HashMap<>();
    private final RandomGenerator random = RandomGenerator.getDefault();
    private final List<LogicalLine> out = new ArrayList<>();
    private final Deque<Item> queue = new ArrayDeque<>();
    private final Deque<FileFrame> files = new ArrayDeque<>();
    private String multiName;
    private StringBuilder multiValue;
    private boolean overflow;

    /** One line waiting to be processed: raw from a file, or produced by an expansion. */
    private record Item(String text, SourcePosition position, Path dir, int rounds) {
    }

    /** One open file: its lines, the next one to read, and the chain of files that included it. */
    private static final class FileFrame {
        final Path path;
        final String name;
        final List<String> lines;
        final List<Path> chain;
        int next;

        FileFrame(Path path, String name, List<String> lines, List<Path> chain) {
            this.path = path;
            this.name = name;
            this.lines = lines;
            this.chain = chain;
        }
    }

    /**
     * A preprocessor.
     *
     * @param diagnostics where problems go
     * @param configId    the id {@code @id} lines are compared with, also {@code ${_INSTANCE}}
     */
    public Preprocessor(Diagnostics diagnostics, String configId) {
        this.diagnostics = diagnostics;
        this.configId = configId;
    }

    /** Reads {@code main} and everything it includes; never throws. */
    public List<LogicalLine> read(Path main) {
        FileFrame first = open(main.toAbsolutePath().normalize(), main.toString(), List.of(),
                new SourcePosition(main.toString(), 1, 1), true);
        if (first == null) {
            return List.of();
        }
        files.push(first);
        while (!overflow && (!queue.isEmpty() || !files.isEmpty())) {
            if (!queue.isEmpty()) {
                processLine(queue.pollFirst());
                continue;
            }
            FileFrame frame = files.peek();
            if (frame.next >= frame.lines.size()) {
                files.pop();
                continue;
            }
            processRaw(frame);
        }
        if (multiName != null) {
            diagnostics.error(new SourcePosition(main.toString(), 1, 1), "definition of $" + multiName
                    + " still continues ('\\' at the end of its last line) at the end of the input,"
                    + " expected a last line without '\\'");
            params.put(multiName, multiValue.toString());
        }
        return List.copyOf(out);
    }

    private FileFrame open(Path path, String name, List<Path> chain, SourcePosition from, boolean main) {
        try {
            long size = Files.size(path);
            if (size > MAX_FILE_BYTES) {
                diagnostics.fatal(from, "file '" + name + "' is " + size + " bytes, larger than the limit of "
                        + MAX_FILE_BYTES + " bytes for a configuration file");
                return null;
            }
            byte[] bytes = Files.readAllBytes(path);
            String text = decode(bytes, name);
            List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
            if (!lines.isEmpty() && lines.getLast().isEmpty()) {
                lines.removeLast();
            }
            lines.replaceAll(l -> l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
            List<Path> newChain = new ArrayList<>(chain);
            newChain.add(path);
            return new FileFrame(path, name, lines, List.copyOf(newChain));
        } catch (IOException | RuntimeException e) {
            String why = e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.toString();
            if (main) {
                diagnostics.fatal(from, "cannot read configuration file '" + name + "': " + why);
            } else {
                diagnostics.error(from, "cannot read included file '" + name + "': " + why);
            }
            return null;
        }
    }

    private String decode(byte[] bytes, String name) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                int line = 1;
                int col = 1;
                for (int j = 0; j < i; j++) {
                    if (bytes[j] == '\n') {
                        line++;
                        col = 1;
                    } else {
                        col++;
                    }
                }
                diagnostics.fatal(new SourcePosition(name, line, col), "binary data: found a NUL byte,"
                        + " expected a text configuration file");
                break;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    private void processRaw(FileFrame frame) {
        int lineNo = ++frame.next;
        String text = decomment(frame.lines.get(lineNo - 1));
        Path dir = frame.path.getParent();
        if (multiName != null) {
            continueDefinition(text);
            return;
        }
        String stripped = text.strip();
        if (stripped.endsWith("\\") && !isDefinition(stripped)) {
            StringBuilder joined = new StringBuilder(text.substring(0, text.lastIndexOf('\\')));
            while (frame.next < frame.lines.size()) {
                SourcePosition at = new SourcePosition(frame.name, frame.next, text.lastIndexOf('\\') + 1);
                diagnostics.corrected(at, "line continuation: '\\' joins line " + (frame.next + 1) + " to this line;"
                        + " keepalived 2.2.7 accepts '\\' only in $NAME= definitions and reads this line differently");
                String next = decomment(frame.lines.get(frame.next++));
                diagnostics.warning(new SourcePosition(frame.name, frame.next, 1),
                        "this line continues line " + (frame.next - 1) + " (joined by its trailing '\\')");
                text = next;
                String nextStripped = next.strip();
                if (nextStripped.endsWith("\\")) {
                    joined.append(' ').append(next, 0, next.lastIndexOf('\\'));
                } else {
                    joined.append(' ').append(next);
                    break;
                }
            }
            text = joined.toString();
            stripped = text.strip();
        }
        if (stripped.isEmpty()) {
            return;
        }
        int indent = text.indexOf(stripped.charAt(0));
        SourcePosition at = new SourcePosition(frame.name, lineNo, indent + 1);
        int space = 0;
        while (space < stripped.length() && !Character.isWhitespace(stripped.charAt(space))) {
            space++;
        }
        String first = stripped.substring(0, space);
        if (first.startsWith("include") && INCLUDES.contains(first)) {
            include(frame, first, stripped.substring(first.length()).strip(), at);
            return;
        }
        processLine(new Item(stripped, at, dir, 0));
    }

    private static boolean isDefinition(String stripped) {
        String s = stripped;
        if (s.startsWith("@")) {
            String[] parts = s.split("\\s+", 2);
            s = parts.length > 1 ? parts[1] : "";
        }
        return DEFINITION.matcher(s).matches();
    }

    private void include(FileFrame frame, String keyword, String pattern, SourcePosition at) {
        if (pattern.startsWith("\"") && pattern.endsWith("\"") && pattern.length() >= 2) {
            pattern = pattern.substring(1, pattern.length() - 1);
        }
        if (pattern.isEmpty()) {
            diagnostics.error(at, "'" + keyword + "' has no file name, expected '" + keyword + " FILE'");
            return;
        }
        List<Path> matches;
        try {
            matches = IncludeResolver.resolve(frame.path.getParent(), pattern);
        } catch (IOException | RuntimeException e) {
            diagnostics.error(at, "cannot expand include pattern '" + pattern + "': " + e.getMessage());
            return;
        }
        if (matches.isEmpty()) {
            String msg = "'" + keyword + " " + pattern + "' matched no file";
            if (keyword.equals("include")) {
                diagnostics.warning(at, msg + " (keepalived reports it and carries on)");
            } else {
                diagnostics.error(at, msg + ", expected at least one readable file");
            }
            return;
        }
        if (frame.chain.size() >= MAX_INCLUDE_DEPTH) {
            diagnostics.fatal(at, "includes nested deeper than " + MAX_INCLUDE_DEPTH + " files");
            return;
        }
        List<FileFrame> opened = new ArrayList<>();
        for (Path match : matches) {
            Path normal = match.toAbsolutePath().normalize();
            if (frame.chain.contains(normal)) {
                StringBuilder cycle = new StringBuilder();
                for (Path p : frame.chain.subList(frame.chain.indexOf(normal), frame.chain.size())) {
                    cycle.append(p.getFileName()).append(" -> ");
                }
                diagnostics.fatal(at, "include cycle: " + cycle + normal.getFileName()
                        + "; expected each file to be included at most once along a chain");
                continue;
            }
            String name = frame.path.getParent().relativize(normal).toString();
            String shown = Path.of(frame.name).getParent() == null ? name
                    : Path.of(frame.name).getParent().resolve(name).normalize().toString();
            FileFrame child = open(normal, shown, frame.chain, at, false);
            if (child != null) {
                opened.add(child);
            }
        }
        for (FileFrame child : opened.reversed()) {
            files.push(child);
        }
    }

    private void processLine(Item item) {
        String text = item.text().strip();
        SourcePosition at = item.position();
        if (multiName != null) {
            continueDefinition(text);
            return;
        }
        if (text.isEmpty()) {
            return;
        }
        if (text.startsWith("@")) {
            boolean negate = text.startsWith("@^");
            int from = negate ? 2 : 1;
            int end = from;
            while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                end++;
            }
            String id = text.substring(from, end);
            if (id.equals(configId) == negate) {
                return;
            }
            String rest = text.substring(end);
            String restStripped = rest.strip();
            if (restStripped.isEmpty()) {
                return;
            }
            at = at.atColumn(at.column() + end + rest.indexOf(restStripped.charAt(0)));
            text = restStripped;
        }
        Matcher def = DEFINITION.matcher(text);
        if (def.matches()) {
            String value = def.group(2).strip();
            if (value.endsWith("\\")) {
                multiName = def.group(1);
                multiValue = new StringBuilder(value.substring(0, value.length() - 1).strip());
            } else {
                params.put(def.group(1), value);
            }
            return;
        }
        if (Generator.startsLine(text)) {
            generate(item, text, at);
            return;
        }
        if (text.contains("${_ENV")) {
            diagnostics.warning(at, "${_ENV ...} is left as written: keepalived 2.2.7 has no _ENV definition (it came"
                    + " in keepalived 2.4.0); expected a $NAME=VALUE definition in the file");
        }
        String substituted = substitute(text, item.dir());
        if (!substituted.equals(text)) {
            if (item.rounds() >= MAX_SUBSTITUTIONS) {
                diagnostics.error(at, "parameter substitution still changes the line after " + MAX_SUBSTITUTIONS
                        + " rounds, expected a definition that does not refer to itself");
                emit(substituted, at);
                return;
            }
            List<Item> lines = new ArrayList<>();
            for (String line : substituted.split("\n", -1)) {
                lines.add(new Item(line, at, item.dir(), item.rounds() + 1));
            }
            for (Item line : lines.reversed()) {
                queue.addFirst(line);
            }
            return;
        }
        emit(text, at);
    }

    private void continueDefinition(String text) {
        String stripped = text.strip();
        if (stripped.isEmpty()) {
            return;
        }
        if (stripped.endsWith("\\")) {
            multiValue.append('\n').append(stripped, 0, stripped.length() - 1);
            return;
        }
        multiValue.append('\n').append(stripped);
        params.put(multiName, multiValue.toString());
        multiName = null;
        multiValue = null;
    }

    private void generate(Item item, String text, SourcePosition at) {
        Generator generator = Generator.parse(text);
        if (generator.error() == null) {
            String spec = text.substring(0, text.length() - generator.remainder().length());
            generator = Generator.parse(substitute(spec, item.dir()) + generator.remainder());
        }
        if (generator.error() != null) {
            diagnostics.error(at, generator.error());
            return;
        }
        if (estimatedLines(generator) + out.size() + queue.size() > MAX_LINES) {
            tooMany(at);
            return;
        }
        List<Item> lines = new ArrayList<>();
        for (Map<String, String> round : generator.rounds()) {
            for (Map.Entry<String, String> e : round.entrySet()) {
                lines.add(new Item("$" + e.getKey() + "=" + e.getValue(), at, item.dir(), item.rounds()));
            }
            lines.add(new Item(generator.remainder(), at, item.dir(), item.rounds()));
        }
        for (Item line : lines.reversed()) {
            queue.addFirst(line);
        }
    }

    /** Lines a chain of generators at the start of a line will produce: the product of their rounds. */
    private static long estimatedLines(Generator first) {
        long total = 1;
        Generator g = first;
        while (g != null && g.error() == null && total <= MAX_LINES) {
            total *= Math.max(1, g.rounds().size());
            String rest = g.remainder().strip();
            g = Generator.startsLine(rest) ? Generator.parse(rest) : null;
        }
        return total;
    }

    private void emit(String text, SourcePosition at) {
        if (out.size() >= MAX_LINES) {
            tooMany(at);
            return;
        }
        out.add(new LogicalLine(text, at));
    }

    private void tooMany(SourcePosition at) {
        diagnostics.fatal(at, "the configuration expands to more than " + MAX_LINES
                + " lines; expected a smaller configuration (check ~SEQ/~LST ranges and parameters)");
        overflow = true;
        queue.clear();
    }

    /** One round of {@code ${NAME}} and {@code $NAME<space>} substitution; undefined names stay as they are. */
    private String substitute(String text, Path dir) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$' || i + 1 >= text.length()) {
                sb.append(c);
                i++;
                continue;
            }
            if (text.charAt(i + 1) == '{') {
                int close = text.indexOf('}', i + 2);
                String value = close < 0 ? null : lookup(text.substring(i + 2, close), dir);
                if (value != null) {
                    sb.append(value);
                    i = close + 1;
                    continue;
                }
            } else {
                int end = i + 1;
                while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
                    end++;
                }
                boolean delimited = end == text.length() || Character.isWhitespace(text.charAt(end));
                String value = end > i + 1 && delimited ? lookup(text.substring(i + 1, end), dir) : null;
                if (value != null) {
                    sb.append(value);
                    i = end;
                    continue;
                }
            }
            sb.append(c);
            i++;
        }
        return sb.toString();
    }

    /** A parameter's value, including keepalived's pre-defined ones (keepalived.conf(5) "Pre-defined definitions"). */
    private String lookup(String name, Path dir) {
        Matcher random = RANDOM.matcher(name);
        if (random.matches()) {
            return random(random.group(1));
        }
        return switch (name.strip()) {
            case "_PWD" -> dir == null ? "." : dir.toString();
            case "_INSTANCE" -> configId;
            case "_HASH" -> "#";
            case "_BANG" -> "!";
            default -> params.get(name);
        };
    }

    /**
     * {@code ${_RANDOM [MIN [MAX]]}}: an integer in [MIN, MAX], defaults 0 and 32767, drawn as keepalived's
     * {@code get_random} draws it ({@code random() % (MAX - MIN + 1) + MIN}, parser.c); parameters after the
     * second are ignored, as keepalived ignores them.
     */
    private String random(String parameters) {
        String[] p = parameters.strip().isEmpty() ? new String[0] : parameters.strip().split(" +");
        long min = p.length > 0 ? parseUnsigned(p[0]) : 0;
        long max = p.length > 1 ? parseUnsigned(p[1]) : RANDOM_MAX;
        long span = max - min + 1;
        return Long.toString(span <= 0 ? min : min + Math.floorMod(random.nextLong(), span));
    }

    private static long parseUnsigned(String digits) {
        return digits.length() > 18 ? Long.MAX_VALUE / 2 : Long.parseLong(digits);
    }

    /** The line up to its first {@code #} or {@code !} outside double quotes; {@code \#}, {@code \!} are kept. */
    static String decomment(String line) {
        boolean inQuote = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                inQuote = !inQuote;
            } else if (!inQuote && (c == '#' || c == '!')) {
                return line.substring(0, i);
            }
        }
        return line;
    }
}
