package io.vigil.director.config;

import java.time.Duration;

/**
 * Checker options a virtual_server or real_server sets for everything below it (keepalived.conf(5): "inherited
 * downward: VS -> RS -> checker"). Null means not set at this level.
 *
 * @param connectTimeout   {@code connect_timeout}
 * @param retry            {@code retry}
 * @param delayBeforeRetry {@code delay_before_retry}
 * @param warmup           {@code warmup}
 * @param delayLoop        {@code delay_loop}
 * @param alpha            {@code alpha}
 */
record InheritedCheckOptions(Duration connectTimeout, Integer retry, Duration delayBeforeRetry, Duration warmup,
        Duration delayLoop, boolean alpha) {

    /** keepalived's virtual server defaults: connect_timeout 5 s, delay_loop 60 s (check_data.h L53, alloc_vs). */
    static final InheritedCheckOptions VIRTUAL_SERVER_DEFAULTS =
            new InheritedCheckOptions(Duration.ofSeconds(5), null, null, null, Duration.ofSeconds(60), false);

    /** Reads one of the inherited keywords into a copy; returns null when the keyword is not one of them. */
    InheritedCheckOptions with(Statement s, StatementReader in) {
        return switch (s.name()) {
            case "connect_timeout" -> new InheritedCheckOptions(GlobalDefsReader.orElse(
                    in.timer(s, 0, 0.000001, 4294.967295), connectTimeout), retry, delayBeforeRetry, warmup,
                    delayLoop, alpha);
            case "nb_get_retry" -> {
                in.diagnostics().corrected(s.position(), "nb_get_retry is deprecated, expected 'retry'");
                yield new InheritedCheckOptions(connectTimeout,
                        GlobalDefsReader.orElse(in.intArg(s, 0, 0, Integer.MAX_VALUE), retry), delayBeforeRetry,
                        warmup, delayLoop, alpha);
            }
            case "retry" -> new InheritedCheckOptions(connectTimeout,
                    GlobalDefsReader.orElse(in.intArg(s, 0, 0, Integer.MAX_VALUE), retry), delayBeforeRetry, warmup,
                    delayLoop, alpha);
            case "delay_before_retry" -> new InheritedCheckOptions(connectTimeout, retry,
                    GlobalDefsReader.orElse(in.timer(s, 0, 0, 4294.967295), delayBeforeRetry), warmup, delayLoop,
                    alpha);
            case "warmup" -> new InheritedCheckOptions(connectTimeout, retry, delayBeforeRetry,
                    GlobalDefsReader.orElse(in.timer(s, 0, 0, 4294.967295), warmup), delayLoop, alpha);
            case "delay_loop" -> new InheritedCheckOptions(connectTimeout, retry, delayBeforeRetry, warmup,
                    GlobalDefsReader.orElse(in.timer(s, 0, 0.000001, 4294.967295), delayLoop), alpha);
            case "alpha" -> new InheritedCheckOptions(connectTimeout, retry, delayBeforeRetry, warmup, delayLoop,
                    in.flag(s));
            default -> null;
        };
    }
}
