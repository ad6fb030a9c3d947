package io.vigil.director.config;

import java.util.List;
import java.util.Objects;

/**
 * One configuration element present before and after a reload, under the same key, with different content.
 *
 * @param key      the identity it was matched by (instance name, {@link VirtualServer#label()}, real server
 *                 {@code ip:port}, script name)
 * @param before   the running element
 * @param after    the element of the new file
 * @param keywords what differs, as keepalived.conf spells it ({@code priority}, {@code weight}, {@code checkers},
 *                 ...), in declaration order
 * @param <T>      the element type
 */
public record Change<T>(String key, T before, T after, List<String> keywords) {

    public Change {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        keywords = List.copyOf(keywords);
    }

    /** True when {@code keyword} is among the differences. */
    public boolean changed(String keyword) {
        return keywords.contains(keyword);
    }
}
