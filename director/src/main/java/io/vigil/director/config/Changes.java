package io.vigil.director.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What a reload does to one kind of keyed configuration element: the elements only in the new file, those only in
 * the running one, and those under the same key whose content differs. Elements equal in content (wherever they
 * were written) are in none of the three lists. Immutable.
 *
 * @param added   in the new file only, in its order
 * @param removed in the running configuration only, in its order
 * @param changed under the same key in both, with different content, in the new file's order
 * @param <T>     the element type
 */
public record Changes<T>(List<T> added, List<T> removed, List<Change<T>> changed) {

    public Changes {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
    }

    /** Nothing added, removed or changed. */
    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }

    /**
     * Matches {@code before} and {@code after} by {@code key} and compares each pair by content.
     * When a key appears twice in one list, the first element wins (the validator reports the duplicate).
     *
     * @param ignored components (Java names) left out of the comparison, e.g. nested elements diffed on their own
     */
    static <T extends Record> Changes<T> between(List<T> before, List<T> after, Function<T, String> key,
                                                 Set<String> ignored) {
        Map<String, T> old = index(before, key);
        Map<String, T> now = index(after, key);
        List<T> added = new ArrayList<>();
        List<Change<T>> changed = new ArrayList<>();
        for (Map.Entry<String, T> e : now.entrySet()) {
            T previous = old.get(e.getKey());
            if (previous == null) {
                added.add(e.getValue());
            } else {
                List<String> keywords = ModelComparison.differingKeywords(previous, e.getValue(), ignored);
                if (!keywords.isEmpty()) {
                    changed.add(new Change<>(e.getKey(), previous, e.getValue(), keywords));
                }
            }
        }
        List<T> removed = old.entrySet().stream().filter(e -> !now.containsKey(e.getKey())).map(Map.Entry::getValue)
                .toList();
        return new Changes<>(added, removed, changed);
    }

    private static <T> Map<String, T> index(List<T> list, Function<T, String> key) {
        Map<String, T> out = new LinkedHashMap<>();
        for (T t : list) {
            out.putIfAbsent(key.apply(t), t);
        }
        return out;
    }
}
