package io.vigil.director.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;
import java.util.Map;

/**
 * Vigil's log line on stderr: one line per event, {@code TIME LEVEL logger: message}. When stderr is the systemd
 * journal ({@code $JOURNAL_STREAM} is set, as systemd does for {@code StandardError=journal}) the time is
 * dropped (journald stamps every entry) and each line starts with its syslog priority, {@code <3>} for error,
 * {@code <4>} warn, {@code <6>} info and {@code <7>} debug and trace (sd-daemon(3)), so that
 * {@code journalctl -p err} selects errors. A stack trace's lines carry the priority of their event.
 * <p>Thread safety: Logback calls {@link #doLayout} from any logging thread; the layout holds no mutable state
 * after {@link #start()}.
 */
public final class StderrLayout extends LayoutBase<ILoggingEvent> {

    /** The variable systemd sets when stdout or stderr is connected to the journal. */
    public static final String JOURNAL_STREAM = "JOURNAL_STREAM";
    /** The line outside the journal. */
    static final String TERMINAL_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0}: %msg%n";
    /** The line in the journal, before its priority prefix. */
    static final String JOURNAL_PATTERN = "%-5level %logger{0}: %msg%n";

    private final boolean journal;
    private final PatternLayout pattern = new PatternLayout();

    /** The layout for this process's environment (Logback's constructor). */
    public StderrLayout() {
        this(System.getenv());
    }

    /** The layout for {@code environment}: journal lines when it has {@link #JOURNAL_STREAM}. */
    StderrLayout(Map<String, String> environment) {
        String stream = environment.get(JOURNAL_STREAM);
        this.journal = stream != null && !stream.isEmpty();
    }

    /** True when lines are written for the journal. */
    public boolean journal() {
        return journal;
    }

    @Override
    public void start() {
        pattern.setContext(getContext());
        pattern.setPattern(journal ? JOURNAL_PATTERN : TERMINAL_PATTERN);
        pattern.start();
        super.start();
    }

    @Override
    public void stop() {
        pattern.stop();
        super.stop();
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        String text = pattern.doLayout(event);
        if (!journal) {
            return text;
        }
        String prefix = "<" + syslogPriority(event.getLevel()) + ">";
        StringBuilder out = new StringBuilder(text.length() + 8);
        text.lines().forEach(line -> out.append(prefix).append(line).append('\n'));
        return out.toString();
    }

    /** RFC 5424 §6.2.1 severity for a Logback level: 3 error, 4 warning, 6 informational, 7 debug. */
    static int syslogPriority(Level level) {
        return switch (level.toInt()) {
            case Level.ERROR_INT -> 3;
            case Level.WARN_INT -> 4;
            case Level.INFO_INT -> 6;
            default -> 7;
        };
    }
}
