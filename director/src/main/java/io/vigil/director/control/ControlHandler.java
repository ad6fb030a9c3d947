package io.vigil.director.control;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Answers one control request. The request is one line split into words (for example {@code status --json});
 * the reply is the text the client prints. Implementations hop to the thread that owns the state they report.
 */
@FunctionalInterface
public interface ControlHandler {

    /** The reply, completed when ready; a failed stage becomes an error reply. */
    CompletionStage<ControlReply> handle(List<String> request);
}
