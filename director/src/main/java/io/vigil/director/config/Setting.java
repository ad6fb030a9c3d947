package io.vigil.director.config;

import java.util.List;

/**
 * A keyword Vigil accepts but does not implement (SNMP, D-Bus, BFD, ...), kept as written so that nothing the user
 * configured is lost and a later version can pick it up.
 *
 * @param keyword  the keyword
 * @param args     its arguments
 * @param block    the settings inside its block, empty if none
 * @param position where it was
 */
public record Setting(String keyword, List<String> args, List<Setting> block, SourcePosition position) {
}
