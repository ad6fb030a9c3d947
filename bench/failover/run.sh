#!/bin/bash
# Failover benchmark: time from the death of the MASTER (kill -9 of its VRRP daemon, and its link cut, as a host
# that dies) until a client in a third namespace gets answers from the VIP again, through the BACKUP.
#
# It measures Vigil and keepalived side by side with the same keepalived.conf (advert_int 1 s and 0.1 s, VRRPv3)
# and prints both figures and their ratio.
#
# usage: bench/failover/run.sh [ROUNDS]          (as root; needs keepalived, iproute2, ping; builds vigil if needed)
#   IMPLS="keepalived vigil"  which implementations (interleaved round by round)
#   ADVERTS="1 0.1"           which advert_int values
#   TRACE=1                   run Vigil at debug level and print each takeover's steps (TakeoverTrace)
#   FLOOD=N                   a fourth host on the bridge (namespace g) blasts 60-byte UDP frames (64 with the FCS)
#                             to the broadcast address 198.18.20.255 port 9 for the whole round, from before the
#                             master starts until the round ends: bench/pps/LiveFrameGenerator.java
#                             (BPF_PROG_TEST_RUN live frames, XDP_TX), ~1-4 Mpps offered; the bridge floods every
#                             frame to the master, the backup and the client, whose stacks drop it (softirq busy).
#                             N generators, the i-th pinned to cpu i mod nproc (FLOOD=2 on 2 cores: both saturated).
#                             Each round also prints the frames the kernel dropped from full backlogs meanwhile
#                             (/proc/net/softnet_stat, the whole machine), where a lost GARP goes.
#                             Needs a JDK 25 with javac and the built dataplane (director/target/lib).
#   LOST_MS=2000              a takeover whose client waited longer than this counts as lost (printed as "lost")
# Also prints, per round, whether the client's neighbour entry for the VIP moved to the backup's MAC.
# Prints, per advert_int, the median and range (min-max) of each implementation's samples, and how many were lost.
# The lab uses only 198.18.20.0/24 inside namespaces named vbf-<pid>-*, removed on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=../lab.sh
. bench/lab.sh   # for compile_tools; this script keeps its own lab and cleanup, whose functions override lab.sh's
ROUNDS=${1:-3}
IMPLS=${IMPLS:-keepalived vigil}   # e.g. IMPLS=keepalived to measure one side only
P="vbf-$$"
WORK=$(mktemp -d /tmp/vigil-bench-failover.XXXXXX)
VIP=198.18.20.100
PIDS=()

cleanup() {
    for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true; done
    for ns in sw m b c g; do
        for pid in $(ip netns pids "$P-$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
        ip netns delete "$P-$ns" 2>/dev/null || true
    done
    [ -n "${KEEP:-}" ] && echo "kept $WORK" >&2 || rm -rf "$WORK"
}
trap cleanup EXIT

[ -x director/target/vigil.jar ] || [ -f director/target/vigil.jar ] || mvn -q -B -DskipTests package
LOST_MS=${LOST_MS:-2000}
NSES="sw m b c${FLOOD:+ g}"

# The flood generator, compiled once (as bench/pps does).
if [ -n "${FLOOD:-}" ]; then
    compile_tools "bench/failover (FLOOD)" bench/pps/LiveFrameGenerator.java bench/pps/UdpFrame.java
fi

topology() {
    for ns in $NSES; do ip netns add "$P-$ns"; ip -n "$P-$ns" link set lo up; done
    ip -n "$P-sw" link add br0 type bridge; ip -n "$P-sw" link set br0 up
    local i=1
    for ns in m b c${FLOOD:+ g}; do
        ip -n "$P-sw" link add "p-$ns" type veth peer name eth0 netns "$P-$ns"
        ip -n "$P-sw" link set "p-$ns" master br0; ip -n "$P-sw" link set "p-$ns" up
        ip -n "$P-$ns" addr add "198.18.20.$i/24" dev eth0; ip -n "$P-$ns" link set eth0 up
        i=$((i + 1))
    done
    # The generator's frames leave g's eth0 by XDP_TX; the bridge-side veth takes xdp_frames only with a NAPI,
    # which GRO gives it.
    [ -z "${FLOOD:-}" ] || ip netns exec "$P-sw" ethtool -K p-g gro on > /dev/null
}

# Starts generator $1 of the flood from g; echoes its PID.
start_flood() { # index
    local mac; mac=$(ip netns exec "$P-g" cat /sys/class/net/eth0/address)
    ip netns exec "$P-g" taskset -c $(( $1 % $(nproc) )) "$jdk/bin/java" -XX:+UseSerialGC -Xmx64m -p "$MODULES" \
        --add-modules io.vigil.dataplane --enable-native-access=io.vigil.dataplane -cp "$WORK/classes" \
        LiveFrameGenerator eth0 "$mac" ff:ff:ff:ff:ff:ff 198.18.20.4 198.18.20.255 $((1024 + $1)) 9 > "$WORK/flood-$1.log" 2>&1 &
    echo $!
}
# The generators' offered rate (each one's frames over its calls' time, summed), in Mpps.
flood_mpps() {
    local f; for f in "$WORK"/flood-*.log; do awk '$1 == "sent" { n += $2; t += $5 } END { print (t > 0 ? n / t / 1000 : 0) }' "$f"; done \
        | awk '{ r += $1 } END { printf "%.2f", r }'
}
# Frames dropped from full per-CPU backlogs so far (softnet_stat's second column, hex, summed over the CPUs).
backlog_drops() { local s=0 h; for h in $(awk '{ print $2 }' /proc/net/softnet_stat); do s=$((s + 16#$h)); done; echo "$s"; }

config() { # name priority advert_int
    cat <<CONF
global_defs {
    router_id $1
}
vrrp_instance VI_BENCH {
    state BACKUP
    interface eth0
    virtual_router_id 77
    priority $2
    advert_int $3
    version 3
    virtual_ipaddress {
        $VIP/24 dev eth0
    }
}
CONF
}

start_daemon() { # impl ns name priority advert_int -> echoes pid
    local impl=$1 ns=$2 name=$3
    config "$name" "$4" "$5" > "$WORK/$name.conf"
    if [ "$impl" = keepalived ]; then
        ip netns exec "$P-$ns" keepalived --dont-fork --log-console --vrrp -f "$WORK/$name.conf" \
            -p "$WORK/$name.pid" -r "$WORK/$name-vrrp.pid" > "$WORK/$name.log" 2>&1 &
    else
        VIGIL_JAVA_OPTS="${TRACE:+-Dvigil.log.level=debug}" ip netns exec "$P-$ns" packaging/bin/vigil run -f "$WORK/$name.conf" --state-dir "$WORK/$name.state" \
            > "$WORK/$name.log" 2>&1 &
    fi
    echo $!
}

vip_on() { ip -n "$P-$1" -br addr show eth0 | grep -q "$VIP/"; }

wait_for() { # seconds command...
    local deadline=$(( $(date +%s) + $1 )); shift
    until "$@"; do [ "$(date +%s)" -ge "$deadline" ] && return 1; sleep 0.05; done
}

teardown() { # kills everything in the round's namespaces and removes them
    for ns in $NSES; do
        for pid in $(ip netns pids "$P-$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
        ip netns delete "$P-$ns" 2>/dev/null || true
    done
    rm -rf "$WORK"/*.pid "$WORK"/*.state "$WORK"/flood-*.log
}

one_round() { # impl advert_int -> prints milliseconds
    local impl=$1 adv=$2
    topology
    local mpid bpid
    if [ -n "${FLOOD:-}" ]; then
        local g
        for g in $(seq 0 $((FLOOD - 1))); do PIDS+=("$(start_flood "$g")"); done
        wait_for 60 grep -q "^generating " "$WORK/flood-0.log" || { echo "the flood never started" >&2; cat "$WORK"/flood-*.log >&2; teardown; return 1; }
    fi
    mpid=$(start_daemon "$impl" m "${impl}_m" 200 "$adv"); PIDS+=("$mpid")
    wait_for 60 vip_on m || { echo "master never took the VIP ($impl)" >&2; cat "$WORK/${impl}_m.log" >&2; teardown; return 1; }
    bpid=$(start_daemon "$impl" b "${impl}_b" 100 "$adv"); PIDS+=("$bpid")
    # The backup settles in BACKUP (both log keepalived's line), then runs a little longer: a JVM that has just
    # started is still compiling.
    wait_for 60 grep -q "Entering BACKUP STATE" "$WORK/${impl}_b.log" \
        || { echo "backup never entered BACKUP ($impl)" >&2; cat "$WORK/${impl}_b.log" >&2; teardown; return 1; }
    sleep 3
    # The client probes the VIP every 10 ms; -D stamps each reply.
    ip netns exec "$P-c" ping -n -D -i 0.01 -W 1 "$VIP" > "$WORK/ping.log" 2>&1 &
    local ppid=$!; PIDS+=("$ppid")
    sleep 1
    # The master host dies: its link goes first (no farewell advert can leave), then every process in it.
    # The clock starts when the link is down, so no reply already on its way from the old master counts.
    ip -n "$P-m" link set eth0 down
    local t0 drops0
    drops0=$(backlog_drops)
    t0=$(date +%s.%N)
    for pid in $(ip netns pids "$P-m"); do kill -9 "$pid" 2>/dev/null || true; done
    wait_for 30 vip_on b || { echo "backup never took the VIP ($impl)" >&2; cat "$WORK/${impl}_b.log" >&2; teardown; return 1; }
    # Wait until replies flow again (up to 20 s), then read the first reply stamped after the kill.
    local first=""
    for _ in $(seq 1 400); do
        first=$(awk -v t0="$t0" -F'[][]' '/bytes from/ && $2 > t0 { print $2; exit }' "$WORK/ping.log")
        [ -n "$first" ] && break
        sleep 0.05
    done
    # Did the client's neighbour entry for the VIP move to the backup's MAC?
    local bmac cmac moved=no
    bmac=$(ip netns exec "$P-b" cat /sys/class/net/eth0/address)
    cmac=$(ip -n "$P-c" neigh show "$VIP" dev eth0 | awk '{ for (i = 1; i < NF; i++) if ($i == "lladdr") print $(i + 1) }')
    [ "$cmac" = "$bmac" ] && moved=yes
    local mpps=""
    [ -n "${FLOOD:-}" ] && mpps=" flood=$(flood_mpps)Mpps backlog_drops=$(( $(backlog_drops) - drops0 ))"
    teardown
    wait "$ppid" "$bpid" "$mpid" 2>/dev/null || true
    if [ -z "$first" ]; then
        echo "  $impl adv=$adv: no reply from the VIP within 20 s after failover; neighbour moved=$moved$mpps" >&2
        echo lost; return 0
    fi
    local ms; ms=$(awk -v a="$t0" -v b="$first" 'BEGIN { printf "%d", (b - a) * 1000 }')
    echo "  $impl adv=$adv: ${ms} ms; neighbour moved=$moved$mpps" >&2
    if [ "$ms" -gt "$LOST_MS" ]; then echo lost; else echo "$ms"; fi
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
range() { sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 } END { print lo "-" hi }'; }

# Interleaved: round r runs every implementation once before round r+1, so both see the same machine load.
printf '%-10s %-7s %16s %16s %12s\n' advert_int rounds keepalived_ms vigil_ms vigil/keepalived
for adv in ${ADVERTS:-1 0.1}; do
    declare -A samples=()
    for _ in $(seq 1 "$ROUNDS"); do
        for impl in $IMPLS; do
            ms=$(one_round "$impl" "$adv") || ms=""
            samples[$impl]="${samples[$impl]:-} $ms"
            if [ -n "${TRACE:-}" ] && [ "$impl" = vigil ]; then grep -h "takeover:" "$WORK"/vigil_b.log >&2 || true; fi
        done
    done
    declare -A med=() rng=()
    for impl in $IMPLS; do
        echo "  $impl advert_int=$adv samples(ms):${samples[$impl]}" >&2
        med[$impl]=$(echo "${samples[$impl]}" | tr ' ' '\n' | grep -E '^[0-9]+$' | median)
        rng[$impl]=$(echo "${samples[$impl]}" | tr ' ' '\n' | grep -E '^[0-9]+$' | range)
        lost=$(echo "${samples[$impl]}" | tr ' ' '\n' | grep -c '^lost$' || true)
        [ "$lost" = 0 ] || rng[$impl]="${rng[$impl]}, $lost lost"
    done
    k=${med[keepalived]:-}; v=${med[vigil]:-}
    printf '%-10s %-7s %16s %16s %12s\n' "$adv" "$ROUNDS" "${k:-n/a} (${rng[keepalived]:-})" "${v:-n/a} (${rng[vigil]:-})" \
        "$(awk -v k="${k:-0}" -v v="${v:-0}" 'BEGIN { if (k > 0 && v > 0) printf "%.2f", v / k; else print "n/a" }')"
    unset samples med rng
done
