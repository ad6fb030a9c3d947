package io.vigil.director.config;

/**
 * {@code FILE_CHECK}: follow a {@code track_file} (check_file.c).
 *
 * @param trackFile the track_file's name
 * @param weight    the multiplier, or null for the track_file's
 * @param reverse   whether the weight is reversed
 * @param dynamic   {@code dynamic}: the file's value sets the weight
 * @param position  where the block starts
 */
public record FileCheck(String trackFile, Integer weight, boolean reverse, boolean dynamic, SourcePosition position)
        implements Checker {

    @Override
    public String type() {
        return "FILE_CHECK";
    }
}
