/**
 * Engine settings: HOCON through Typesafe Config, defaults in {@code reference.conf}, the file
 * {@code /etc/vigil/vigil.conf} and {@code -D} overrides, unknown keys rejected (https://github.com/lightbend/config).
 */
package io.vigil.director.settings;
