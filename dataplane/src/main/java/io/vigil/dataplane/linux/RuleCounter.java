package io.vigil.dataplane.linux;

/**
 * The kernel's counter for the drop rule of one {@link OwnedFlow} of an installed {@link NftSteering} table.
 *
 * @param flow    the flow
 * @param packets packets it dropped since install
 * @param bytes   bytes it dropped since install
 */
public record RuleCounter(OwnedFlow flow, long packets, long bytes) {
}
