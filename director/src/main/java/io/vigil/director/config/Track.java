package io.vigil.director.config;

/**
 * One entry of a {@code track_interface}, {@code track_script}, {@code track_file}, {@code track_process} or
 * {@code track_bfd} block: {@code NAME [weight W [reverse]]} (keepalived.conf(5) "VRRP instance(s)").
 *
 * @param name    the interface, script, file, process or BFD instance
 * @param weight  the weight, or null to use the tracked object's own weight (unweighted for interfaces)
 * @param reverse  whether the weight applies in reverse
 * @param position where the entry is
 */
public record Track(String name, Integer weight, boolean reverse, SourcePosition position) {
}
