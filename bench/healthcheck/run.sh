#!/bin/bash
# Health-check benchmark (issue 5): 10,000 real servers behind TCP_CHECK and 2,000 behind HTTP_GET at delay_loop 1 s,
# checked through the real HealthCheckLoop on one event loop, against loopback servers (127.0.1.x and 127.0.2.x,
# ports 21001-21004) that run in a separate JVM so that their CPU is not counted as the checker's.
# Prints the checker process's CPU, checks per second and the scheduling lag percentiles. Goal: < 25% of one core.
#
# usage: bench/healthcheck/run.sh [--tcp=N] [--http=N] [--warmup=S] [--measure=S]
# BENCH_JAVA_OPTS adds JVM options to the checker, e.g. -XX:StartFlightRecording=filename=/tmp/hc.jfr
set -euo pipefail
cd "$(dirname "$0")/../.."
# Many sockets are open at once (12,000 checks a second); ask for 65536, else take the hard limit.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
echo "bench: open-file limit $(ulimit -n)"

# A JDK 25 or newer: $JAVA_HOME if it is one, else the newest under /usr/lib/jvm.
java=""
for jdk in ${JAVA_HOME:-} /usr/lib/jvm/*; do
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$jdk/release" 2>/dev/null || true)
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then java="$jdk/bin/java"; fi
done
[ -n "$java" ] || { echo "bench: no JDK 25+ found (set JAVA_HOME)" >&2; exit 2; }

mvn -q -B -DskipTests -Dvigil.lab.skip=true -pl healthcheck -am package dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="healthcheck/target/test-classes:healthcheck/target/classes:$(cat healthcheck/target/bench.classpath)"
jvm=(--enable-native-access=ALL-UNNAMED -Xms512m -Xmx512m -Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener)

fifo=$(mktemp -u /tmp/vigil-bench-hc.XXXXXX)
mkfifo "$fifo"
servers=""
cleanup() {
    [ -n "$servers" ] && kill "$servers" 2>/dev/null || true
    rm -f "$fifo"
}
trap cleanup EXIT

"$java" "${jvm[@]}" -cp "$cp" io.vigil.healthcheck.bench.BenchServers < /dev/null > "$fifo" &
servers=$!
exec 3< "$fifo"
while read -r -t 60 line <&3; do [ "$line" = "ready" ] && break; done
[ "${line:-}" = "ready" ] || { echo "bench: servers did not start" >&2; exit 1; }

echo "bench: servers ready (pid $servers); checker: $java ${jvm[*]}"
"$java" "${jvm[@]}" ${BENCH_JAVA_OPTS:-} -cp "$cp" io.vigil.healthcheck.bench.HealthCheckBench "$@"
