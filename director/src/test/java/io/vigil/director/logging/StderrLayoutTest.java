package io.vigil.director.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StderrLayoutTest {

    private final LoggerContext context = new LoggerContext();
    private final Logger logger = context.getLogger("io.vigil.vrrp.io.VrrpLoop");

    private String line(Map<String, String> environment, Level level, String message, Throwable thrown) {
        StderrLayout layout = new StderrLayout(environment);
        layout.setContext(context);
        layout.start();
        return layout.doLayout(new LoggingEvent(Logger.class.getName(), logger, level, message, thrown, null));
    }

    @Test
    void inTheJournalEachLineStartsWithItsSyslogPriorityAndHasNoTime() {
        Map<String, String> journal = Map.of("JOURNAL_STREAM", "8:12345");
        assertEquals("<3>ERROR VrrpLoop: boom\n", line(journal, Level.ERROR, "boom", null));
        assertEquals("<4>WARN  VrrpLoop: careful\n", line(journal, Level.WARN, "careful", null));
        assertEquals("<6>INFO  VrrpLoop: (VI_1) Entering MASTER STATE\n",
                line(journal, Level.INFO, "(VI_1) Entering MASTER STATE", null));
        assertEquals("<7>DEBUG VrrpLoop: detail\n", line(journal, Level.DEBUG, "detail", null));
        assertEquals("<7>TRACE VrrpLoop: more\n", line(journal, Level.TRACE, "more", null));
    }

    @Test
    void aStackTraceKeepsThePriorityOnEveryLine() {
        String text = line(Map.of("JOURNAL_STREAM", "8:1"), Level.ERROR, "failed", new IllegalStateException("why"));
        assertTrue(text.lines().count() > 2, text);
        text.lines().forEach(l -> assertTrue(l.startsWith("<3>"), l));
        assertTrue(text.contains("<3>java.lang.IllegalStateException: why"), text);
    }

    @Test
    void outsideTheJournalTheLineHasTheTimeAndNoPriority() {
        String text = line(Map.of(), Level.ERROR, "boom", null);
        assertTrue(text.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\S+ ERROR VrrpLoop: boom\n"), text);
        assertFalse(line(Map.of("JOURNAL_STREAM", ""), Level.INFO, "x", null).startsWith("<"));
    }
}
