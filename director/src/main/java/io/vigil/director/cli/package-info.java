/** The {@code vigil} command line on picocli: one {@code @Command} class per subcommand, registered in {@link io.vigil.director.cli.VigilCommand} (https://picocli.info/). */
package io.vigil.director.cli;
