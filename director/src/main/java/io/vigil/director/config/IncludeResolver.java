package io.vigil.director.config;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Turns an {@code include} argument into files: csh-style brace expansion, then glob(3) matching, relative to the
 * directory of the including file, each pattern's matches sorted as glob(3) sorts them (keepalived.conf(5) L19-60).
 */
final class IncludeResolver {

    /** Most patterns one brace expression may produce; more is surely a mistake. */
    static final int MAX_PATTERNS = 10_000;

    private IncludeResolver() {
    }

    /** The matching regular files, in order; an empty list when nothing matches. */
    static List<Path> resolve(Path baseDir, String pattern) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String one : expandBraces(pattern)) {
            Path path = baseDir.resolve(one).normalize();
            if (!hasGlob(path.toString())) {
                if (Files.isRegularFile(path)) {
                    out.add(path);
                }
                continue;
            }
            Path root = path.getRoot() == null ? Path.of("") : path.getRoot();
            int i = 0;
            while (i < path.getNameCount() && !hasGlob(path.getName(i).toString())) {
                root = root.resolve(path.getName(i));
                i++;
            }
            int depth = path.getNameCount() - i;
            if (!Files.isDirectory(root)) {
                continue;
            }
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + path);
            TreeSet<Path> sorted = new TreeSet<>();
            try (Stream<Path> walk = Files.walk(root, depth)) {
                walk.filter(p -> p.getNameCount() == path.getNameCount() && matcher.matches(p)
                        && Files.isRegularFile(p)).forEach(sorted::add);
            }
            out.addAll(sorted);
        }
        return out;
    }

    private static boolean hasGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    /** csh brace expansion: {@code a{b,c}d} gives {@code abd, acd}; nested braces work; unbalanced are literal. */
    static List<String> expandBraces(String pattern) {
        List<String> done = new ArrayList<>();
        List<String> work = new ArrayList<>(List.of(pattern));
        while (!work.isEmpty()) {
            String s = work.removeLast();
            int open = -1;
            int close = -1;
            int depth = 0;
            List<Integer> commas = new ArrayList<>();
            for (int i = 0; i < s.length() && close < 0; i++) {
                char c = s.charAt(i);
                if (c == '{') {
                    if (depth == 0) {
                        open = i;
                        commas.clear();
                    }
                    depth++;
                } else if (c == '}' && depth > 0) {
                    depth--;
                    if (depth == 0) {
                        close = i;
                    }
                } else if (c == ',' && depth == 1) {
                    commas.add(i);
                }
            }
            if (open < 0 || close < 0) {
                done.add(s);
            } else {
                String prefix = s.substring(0, open);
                String suffix = s.substring(close + 1);
                int from = open + 1;
                List<String> alternatives = new ArrayList<>();
                for (int comma : commas) {
                    alternatives.add(s.substring(from, comma));
                    from = comma + 1;
                }
                alternatives.add(s.substring(from, close));
                for (String alt : alternatives.reversed()) {
                    work.add(prefix + alt + suffix);
                }
            }
            if (done.size() + work.size() > MAX_PATTERNS) {
                break;
            }
        }
        return done;
    }
}
