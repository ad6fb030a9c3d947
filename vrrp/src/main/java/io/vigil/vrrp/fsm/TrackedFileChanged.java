package io.vigil.vrrp.fsm;

/**
 * A {@code track_file} was re-read (keepalived.md §1.5).
 *
 * @param tracker the {@link TrackerSpec#name()}
 * @param value   the integer the file holds
 */
public record TrackedFileChanged(String tracker, long value) implements VrrpEvent {
}
