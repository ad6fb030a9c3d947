/** The {@code vigil} command line: one {@link io.vigil.director.cli.Command} per subcommand, dispatched by {@link io.vigil.director.cli.Main}. */
package io.vigil.director.cli;
