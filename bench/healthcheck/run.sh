#!/bin/bash
# Health-check benchmark (issue 5): 10,000 real servers behind TCP_CHECK and 2,000 behind HTTP_GET at delay_loop 1 s,
# checked through the real HealthCheckLoop on one event loop, against loopback servers (127.0.1.x and 127.0.2.x,
# ports 21001-21004) that run in a separate JVM so that their CPU is not counted as the checker's.
# Prints the checker process's CPU, checks per second and the scheduling lag percentiles. Goal: < 25% of one core.
#
# usage: bench/healthcheck/run.sh [--netns] [--tcp=N] [--http=N] [--warmup=S] [--measure=S]
# BENCH_JAVA_OPTS adds JVM options to the checker, e.g. -XX:StartFlightRecording=filename=/tmp/hc.jfr
#
# --netns (root): the servers are remote, as real servers are. Over loopback the checker's thread also pays, in
# softirq, for the servers' side of every handshake. With --netns the checker runs in namespace vhc-<pid>-c pinned
# to CHECKER_CPU (0) and the servers in vhc-<pid>-s pinned to SERVER_CPU (1), joined by a veth pair whose receive
# work RPS keeps on each side's own CPU; the servers' addresses are 198.18.1.0/24 (TCP) and 198.18.2.0/24 (HTTP),
# local there by a `local` route, and 198.18.3.0/24 is the link. The checker also prints its CPU's busy share, which
# includes its sockets' receive softirq when that runs outside the process. The namespaces are deleted on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
netns=""
args=()
for a in "$@"; do
    if [ "$a" = "--netns" ]; then netns=yes; else args+=("$a"); fi
done
CHECKER_CPU=${CHECKER_CPU:-0}
SERVER_CPU=${SERVER_CPU:-1}
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
ns=vhc-$$
cleanup() {
    [ -n "$servers" ] && kill "$servers" 2>/dev/null || true
    rm -f "$fifo"
    if [ -n "$netns" ]; then ip netns del "$ns-c" 2>/dev/null || true; ip netns del "$ns-s" 2>/dev/null || true; fi
}
trap cleanup EXIT
trap 'exit 143' TERM HUP
trap 'exit 130' INT

server_cmd=()
checker_cmd=()
checker_opts=()
if [ -n "$netns" ]; then
    # The vhc-<pid>-c/s namespaces, a veth between them, RPS keeping each side's receive on its own CPU.
    ip netns add "$ns-c"; ip netns add "$ns-s"
    ip -n "$ns-c" link add hcc type veth peer name hcs netns "$ns-s"
    ip -n "$ns-c" link set lo up; ip -n "$ns-s" link set lo up
    ip -n "$ns-c" addr add 198.18.3.1/24 dev hcc; ip -n "$ns-c" link set hcc up
    ip -n "$ns-s" addr add 198.18.3.2/24 dev hcs; ip -n "$ns-s" link set hcs up
    ip -n "$ns-s" route add local 198.18.1.0/24 dev lo; ip -n "$ns-s" route add local 198.18.2.0/24 dev lo
    ip -n "$ns-c" route add 198.18.1.0/24 via 198.18.3.2; ip -n "$ns-c" route add 198.18.2.0/24 via 198.18.3.2
    ip netns exec "$ns-c" sh -c "printf '%x' $((1 << CHECKER_CPU)) > /sys/class/net/hcc/queues/rx-0/rps_cpus"
    ip netns exec "$ns-s" sh -c "printf '%x' $((1 << SERVER_CPU)) > /sys/class/net/hcs/queues/rx-0/rps_cpus"
    # Both ends take the 12,000 connections a second: more ephemeral ports and a shorter TIME_WAIT reuse.
    ip netns exec "$ns-c" sysctl -qw net.ipv4.ip_local_port_range="10000 65000" net.ipv4.tcp_tw_reuse=1
    jvm+=(-Dvigil.bench.network=198.18)
    server_cmd=(ip netns exec "$ns-s" taskset -c "$SERVER_CPU")
    checker_cmd=(ip netns exec "$ns-c" taskset -c "$CHECKER_CPU")
    checker_opts=(-Dvigil.bench.cpu="$CHECKER_CPU")
fi

"${server_cmd[@]}" "$java" "${jvm[@]}" -cp "$cp" io.vigil.healthcheck.bench.BenchServers < /dev/null > "$fifo" &
servers=$!
exec 3< "$fifo"
while read -r -t 60 line <&3; do [ "$line" = "ready" ] && break; done
[ "${line:-}" = "ready" ] || { echo "bench: servers did not start" >&2; exit 1; }

echo "bench: servers ready (pid $servers); checker: $java ${jvm[*]}"
"${checker_cmd[@]}" "$java" "${jvm[@]}" "${checker_opts[@]}" ${BENCH_JAVA_OPTS:-} -cp "$cp" \
    io.vigil.healthcheck.bench.HealthCheckBench "${args[@]}"
