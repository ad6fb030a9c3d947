package io.vigil.director.config;

/**
 * {@code BFD_CHECK}: follow a {@code bfd_instance}. Accepted and kept; Vigil has no BFD yet.
 *
 * @param name     the BFD instance's name
 * @param weight   the weight, or null
 * @param position where the block starts
 */
public record BfdCheck(String name, Integer weight, SourcePosition position) implements Checker {

    @Override
    public String type() {
        return "BFD_CHECK";
    }
}
