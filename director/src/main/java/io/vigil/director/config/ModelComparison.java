package io.vigil.director.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares two configuration records by content, blind to where they were written: {@link SourcePosition}s are
 * skipped at every depth (records, lists and maps of records), so moving a block or adding a comment above it
 * changes nothing. Used by {@link ConfigDiff}. Stateless and pure; thread-safe.
 */
final class ModelComparison {

    private ModelComparison() {
    }

    /**
     * The components of {@code before} and {@code after} (records of one type) whose content differs, in
     * declaration order, named as keepalived.conf spells them ({@code lvsSched} as {@code lvs_sched}).
     *
     * @param ignored component names (Java spelling) left out of the comparison
     */
    static List<String> differingKeywords(Record before, Record after, Set<String> ignored) {
        if (before.getClass() != after.getClass()) {
            throw new IllegalArgumentException("cannot compare a " + before.getClass().getSimpleName() + " with a "
                    + after.getClass().getSimpleName());
        }
        List<String> out = new ArrayList<>();
        for (RecordComponent c : before.getClass().getRecordComponents()) {
            if (c.getType() == SourcePosition.class || ignored.contains(c.getName())) {
                continue;
            }
            if (!sameContent(value(c, before), value(c, after))) {
                out.add(keyword(c.getName()));
            }
        }
        return out;
    }

    /** True when {@code a} and {@code b} hold the same configuration, wherever each was written. */
    static boolean sameContent(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof Record ra && b instanceof Record rb) {
            return ra.getClass() == rb.getClass() && differingKeywords(ra, rb, Set.of()).isEmpty();
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            if (la.size() != lb.size()) {
                return false;
            }
            Iterator<?> ib = lb.iterator();
            for (Object x : la) {
                if (!sameContent(x, ib.next())) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            if (!ma.keySet().equals(mb.keySet())) {
                return false;
            }
            for (Map.Entry<?, ?> e : ma.entrySet()) {
                if (!sameContent(e.getValue(), mb.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    private static Object value(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("reading " + r.getClass().getSimpleName() + "." + c.getName(), e);
        }
    }

    /** {@code lvsSched} -> {@code lvs_sched}. */
    private static String keyword(String component) {
        StringBuilder out = new StringBuilder(component.length() + 4);
        for (char ch : component.toCharArray()) {
            if (Character.isUpperCase(ch)) {
                out.append('_').append(Character.toLowerCase(ch));
            } else {
                out.append(ch);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
