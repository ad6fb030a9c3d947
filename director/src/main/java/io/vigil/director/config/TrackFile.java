package io.vigil.director.config;

/**
 * A {@code track_file} (or the deprecated {@code vrrp_track_file}) block: a file holding an integer that is multiplied
 * by the weight (keepalived.conf(5) "Track files").
 *
 * @param name          the tracker's name
 * @param file          the file's path
 * @param weight        the multiplier, default 1
 * @param reverse       whether the weight is reversed
 * @param initFile      the value written when the file is created ({@code init_file}), or null to not create it
 * @param initOverwrite whether {@code init_file} overwrites an existing file
 * @param position      where the block starts
 */
public record TrackFile(String name, String file, int weight, boolean reverse, Long initFile, boolean initOverwrite,
        SourcePosition position) {
}
