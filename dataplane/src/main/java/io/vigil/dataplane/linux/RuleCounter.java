package io.vigil.dataplane.linux;

/**
 * The kernel's counter for one {@link DropRule} of an installed {@link NftSteering} table.
 *
 * @param rule    the rule
 * @param packets packets it dropped since install
 * @param bytes   bytes it dropped since install
 */
public record RuleCounter(DropRule rule, long packets, long bytes) {
}
