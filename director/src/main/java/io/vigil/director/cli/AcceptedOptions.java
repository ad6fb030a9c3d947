package io.vigil.director.cli;

/**
 * A command whose "unknown option" error names the options it accepts, as ipvsadm's users expect from
 * {@code vigil list}. Thread safety: as the command.
 */
interface AcceptedOptions {

    /** The accepted options, comma-separated, for {@code unknown option 'X'; expected ...}. */
    String accepted();
}
