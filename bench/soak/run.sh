#!/bin/bash
# Soak: a Vigil pair (a, b) and a keepalived 2.2.7 peer (k) run 3 VRRP instances (advert_int 0.1, 0.5 and 1 s) for
# MINUTES while faults are injected, then bench/soak/report.py tells which VRRP transitions the faults explain and
# which they do not, how many adverts were lost where, the GC pauses, and whether heap, file descriptors, threads
# or RSS grow (a leak) or stay flat.
#
# usage: bench/soak/run.sh [MINUTES|smoke]      (as root; default 30 minutes; smoke = 2 minutes, faster faults)
#
# Faults, all the time:
#   - LOSS% (default 5) of the VRRP packets the switch forwards to b and to k are dropped (nftables bridge table,
#     `numgen random`), independently per port; a, the MASTER of every instance, hears everything;
#   - every FLAP_EVERY s (default 4) a fresh random FLAP_COUNT (default 20) of the 200 real servers reject their
#     port (nftables `reject with tcp reset` on a set), so the TCP_CHECKs of both directors flap;
#   - every FAULT_EVERY s (default 30) one link is cut for LINK_DOWN s (default 4), in turn: a's VRRP link (all three
#     instances fail over, and preempt back), b's, k's, a's real-server link (all its checks fail), b's.
# Observed: transitions (one notify script on all three daemons), tcpdump of VRRP on each VRRP host, Vigil's
# metrics and `vigil status --json`, keepalived's stats (SIGUSR2 equivalent), -Xlog:gc of both JVMs with a
# forced full GC every LIVE_EVERY s (the live set), /proc fd, thread and RSS counts every SAMPLE_EVERY s.
#
# Everything lives in namespaces vsk-<pid>-{sw,a,b,k,rs} with addresses from 198.18.60.0/23 only; the lab (lab.sh)
# kills what it started and deletes the namespaces on exit. The raw data and the report stay in RESULTS (printed).
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=../lab.sh
. bench/lab.sh

MODE=${1:-30}
if [ "$MODE" = smoke ]; then
    DURATION=120; FAULT_EVERY=${FAULT_EVERY:-15}; SAMPLE_EVERY=${SAMPLE_EVERY:-5}; LIVE_EVERY=${LIVE_EVERY:-20}
else
    DURATION=$(awk -v m="$MODE" 'BEGIN { if (m + 0 <= 0) exit 1; printf "%d", m * 60 }') \
        || { echo "usage: $0 [MINUTES|smoke]  (MINUTES > 0, got '$MODE')" >&2; exit 2; }
    FAULT_EVERY=${FAULT_EVERY:-30}; SAMPLE_EVERY=${SAMPLE_EVERY:-15}; LIVE_EVERY=${LIVE_EVERY:-120}
fi
LOSS=${LOSS:-5}
FLAP_EVERY=${FLAP_EVERY:-4}
FLAP_COUNT=${FLAP_COUNT:-20}
LINK_DOWN=${LINK_DOWN:-4}
SETTLE=${SETTLE:-20}      # seconds after the start before the soak (and its counting) begins
REAL_SERVERS=200

lab_require soak keepalived nft tcpdump nginx curl python3
lab_begin vsk soak "sw a b k rs"
# The daemons run a copy of the build, so that a rebuild during the soak cannot pull classes from under them.
mkdir -p "$WORK/vigil-lib"
cp -r director/target/vigil.jar director/target/lib "$WORK/vigil-lib/"
export VIGIL_LIB=$WORK/vigil-lib
RESULTS=${RESULTS:-$(mktemp -d /tmp/vigil-soak.XXXXXX)}
mkdir -p "$RESULTS"
echo "soak: ${DURATION}s, results in $RESULTS" >&2

NET=198.18.60        # VRRP segment: a .1, b .2, k .3, VIPs .101-.103
RSNET=198.18.61      # real servers .1-.200, directors a .251, b .252
declare -A IP=([a]=$NET.1 [b]=$NET.2 [k]=$NET.3)
# instance name, VRID, advert_int, priorities of a, b, k (k is the designated backup of VI_2)
INSTANCES=("VI_1 61 0.1 150 100 90" "VI_2 62 0.5 150 90 100" "VI_3 63 1 150 100 90")

# --- the lab ---------------------------------------------------------------------------------------------------
lab_namespaces br0 br1
for n in a b k; do port br0 "$n"; ip -n "$P-$n" addr add "${IP[$n]}/24" dev eth0; done
port br1 a 1; port br1 b 1; port br1 rs
ip -n "$P-a" addr add "$RSNET.251/24" dev eth1
ip -n "$P-b" addr add "$RSNET.252/24" dev eth1
for i in $(seq 1 $REAL_SERVERS); do echo "addr add $RSNET.$i/24 dev eth0"; done | ip -n "$P-rs" -batch -
nginx_on rs

on rs nft -f - <<'NFT'
table inet soak_flap {
    set down { type ipv4_addr; }
    chain input {
        type filter hook input priority 0; policy accept;
        tcp dport 80 ip daddr @down counter reject with tcp reset
    }
}
NFT
# The switch drops LOSS% of the VRRP packets it forwards to b and to k; the accept rules count what passes.
on sw nft -f - <<NFT
table bridge soak_loss {
    chain forward {
        type filter hook forward priority 0; policy accept;
        oifname "b-br0" ip protocol vrrp numgen random mod 100 < $LOSS counter drop
        oifname "k-br0" ip protocol vrrp numgen random mod 100 < $LOSS counter drop
        oifname "b-br0" ip protocol vrrp counter accept
        oifname "k-br0" ip protocol vrrp counter accept
    }
}
NFT

# --- configurations --------------------------------------------------------------------------------------------
for n in a b k; do
    cat > "$RESULTS/notify-$n.sh" <<SH
#!/bin/sh
echo "\$(date +%s.%N) $n \$*" >> "$RESULTS/transitions.log"
SH
    chmod 0755 "$RESULTS/notify-$n.sh"
done
: > "$RESULTS/transitions.log"

config() { # node
    local n=$1 col line name vrid adv prio i
    case $n in a) col=4 ;; b) col=5 ;; k) col=6 ;; esac
    cat <<CONF
global_defs {
    router_id soak_$n
    enable_script_security
    script_user root
}
CONF
    i=0
    for line in "${INSTANCES[@]}"; do
        read -r name vrid adv _ <<< "$line"
        prio=$(echo "$line" | cut -d' ' -f"$col")
        i=$((i + 1))
        cat <<CONF
vrrp_instance $name {
    state BACKUP
    interface eth0
    virtual_router_id $vrid
    priority $prio
    advert_int $adv
    version 3
    notify $RESULTS/notify-$n.sh
    virtual_ipaddress {
        $NET.$((100 + i))/24 dev eth0
    }
}
CONF
    done
    [ "$n" = k ] && return
    # 200 real servers in three virtual servers, one per VIP, TCP_CHECK against nginx in rs.
    local rs=1 vs per
    for vs in 1 2 3; do
        per=$(( vs < 3 ? REAL_SERVERS / 3 : REAL_SERVERS - 2 * (REAL_SERVERS / 3) ))
        echo "virtual_server $NET.$((100 + vs)) 80 {"
        echo "    delay_loop 2"
        echo "    lb_algo rr"
        echo "    lb_kind DR"
        echo "    protocol TCP"
        for _ in $(seq 1 "$per"); do
            cat <<CONF
    real_server $RSNET.$rs 80 {
        TCP_CHECK {
            connect_timeout 1
            retry 1
            delay_before_retry 1
        }
    }
CONF
            rs=$((rs + 1))
        done
        echo "}"
    done
}
for n in a b k; do config "$n" > "$WORK/$n.conf"; done
packaging/bin/vigil check-config -f "$WORK/a.conf" > "$RESULTS/check-config-a.txt" 2>&1 \
    || { echo "soak: vigil check-config refused a.conf:" >&2; cat "$RESULTS/check-config-a.txt" >&2; exit 1; }

# --- daemons and captures --------------------------------------------------------------------------------------
declare -A PID
for n in a b k; do
    spawn "$n" "$RESULTS/cap-$n.txt" tcpdump -i eth0 -n -tt -l -p 'ip proto 112'
    PID[cap-$n]=$SPAWNED
done
mkdir -p "$WORK/k-tmp"
# TMPDIR: keepalived writes keepalived.stats there (not in the shared /tmp).
spawn k "$RESULTS/keepalived.log" env TMPDIR="$WORK/k-tmp" \
    keepalived --dont-fork --log-console --log-detail --vrrp -f "$WORK/k.conf" \
    -p "$WORK/k.pid" -r "$WORK/k-vrrp.pid"
PID[k]=$SPAWNED
# The live set: every LIVE_EVERY s `jcmd GC.run` starts a concurrent G1 cycle (ExplicitGCInvokesConcurrent: a
# young pause and the short remark and cleanup pauses, no stop-the-world full GC) and gc+liveness prints the live
# bytes that marking found.
for n in a b; do
    VIGIL_JAVA_OPTS="-Xlog:gc:file=$RESULTS/gc-$n.log:timemillis,uptimemillis -XX:+ExplicitGCInvokesConcurrent
        -Xlog:gc+liveness=trace:file=$RESULTS/liveness-$n.log:timemillis ${VIGIL_JAVA_OPTS:-}" \
        spawn "$n" "$RESULTS/vigil-$n.log" packaging/bin/vigil run -f "$WORK/$n.conf" --state-dir "$WORK/state-$n"
    PID[$n]=$SPAWNED
done
metrics() { on "$1" curl -sf --max-time 5 http://127.0.0.1:9165/metrics; }
for n in a b; do
    wait_for 120 "vigil $n" "$RESULTS/vigil-$n.log" metrics "$n" > /dev/null
done
jdk_bin=$(dirname "$(readlink -f "/proc/${PID[a]}/exe")")

# --- the soak --------------------------------------------------------------------------------------------------
event() { echo "$(date +%s.%N) $*" >> "$RESULTS/events.log"; }
: > "$RESULTS/events.log"
: > "$RESULTS/samples.txt"

# node pid... -> one line "t node fds threads rss_kb" summed over the pids
sample_node() {
    local node=$1 t fds=0 thr=0 rss=0 p; shift
    t=$(date +%s.%N)
    for p in "$@"; do
        [ -d "/proc/$p" ] || continue
        fds=$((fds + $(find "/proc/$p/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)))
        thr=$((thr + $(awk '/^Threads:/ { print $2 }' "/proc/$p/status")))
        rss=$((rss + $(awk '/^VmRSS:/ { print $2 }' "/proc/$p/status")))
    done
    echo "$t $node $fds $thr $rss" >> "$RESULTS/samples.txt"
}

sample() {
    local n t
    for n in a b; do
        sample_node "$n" "${PID[$n]}"
        t=$(date +%s.%N)
        metrics "$n" 2>/dev/null | awk -v t="$t" -v n="$n" '
            /^keepalived_(advertisements_(received|sent)|become_master|release_master)_total/ { print t, n, $1, $2 }
            /^vigil_healthcheck_up/ { up += $2; all++ }
            END { print t, n, "healthcheck_up", up + 0; print t, n, "healthcheck_all", all + 0 }' \
            >> "$RESULTS/metrics.txt" || true
    done
    echo "$(date +%s.%N) $(cut -d' ' -f1 /proc/loadavg)" >> "$RESULTS/load.txt"
    # keepalived: its VRRP child (and the parent), read by PID from its pid files
    sample_node k "${PID[k]}" $(cat "$WORK/k-vrrp.pid" 2>/dev/null)
}

keepalived_stats() { # label: dumps keepalived's counters to RESULTS/keepalived-stats-LABEL.txt
    rm -f "$WORK/k-tmp/keepalived.stats"
    date +%s.%N > "$RESULTS/time-$1-k"
    kill -"$(keepalived --signum=STATS)" "${PID[k]}" 2>/dev/null || return 0
    for _ in $(seq 1 40); do [ -s "$WORK/k-tmp/keepalived.stats" ] && break; sleep 0.1; done
    sleep 0.2
    cp "$WORK/k-tmp/keepalived.stats" "$RESULTS/keepalived-stats-$1.txt" 2>/dev/null || true
}

snapshot() { # label: counters of everything at one moment
    local n
    for n in a b; do
        date +%s.%N > "$RESULTS/time-$1-$n"
        metrics "$n" > "$RESULTS/metrics-$1-$n.prom" 2>/dev/null || true
        on "$n" packaging/bin/vigil status --json --state-dir "$WORK/state-$n" > "$RESULTS/status-$1-$n.json" 2>/dev/null || true
    done
    keepalived_stats "$1"
    on sw nft list table bridge soak_loss > "$RESULTS/loss-$1.nft"
    # packets the kernel dropped on the links (a full backlog on this shared machine) and machine-wide
    { echo "{"; for n in sw a b k; do printf '"%s": %s%s\n' "$n" "$(ip -n "$P-$n" -s -j link)" "$([ $n = k ] || echo ,)"; done
      echo "}"; } > "$RESULTS/links-$1.json"
    cp /proc/net/softnet_stat "$RESULTS/softnet-$1.txt"
    echo "$(date +%s.%N)" > "$RESULTS/time-$1"
}

live_gc() { # a concurrent cycle in each JVM: liveness-N.log gets the live bytes
    local n
    for n in a b; do "$jdk_bin/jcmd" "${PID[$n]}" GC.run > /dev/null 2>&1 || true; done
}

flap() {
    local down
    down=$(seq 1 $REAL_SERVERS | shuf -n "$FLAP_COUNT" | sed "s/^/$RSNET./" | paste -sd, -)
    on rs nft -f - <<NFT
flush set inet soak_flap down
add element inet soak_flap down { $down }
NFT
    event flap "$FLAP_COUNT"
}

LINKS=("a a-br0" "b b-br0" "k k-br0" "a a-br1" "b b-br1")
link() { # node switch-port up|down
    ip -n "$P-sw" link set "$2" "$3"
    event link "$1" "$2" "$3"
}

sleep "$SETTLE"
snapshot start
start=$(date +%s)
end=$((start + DURATION))
quiet=$((end - FAULT_EVERY / 2))    # no new link fault in the last half period
next_fault=$((start + FAULT_EVERY / 2)); next_flap=$start; next_sample=$start; next_live=$((start + LIVE_EVERY / 2))
up_at=0; up_port=""; up_node=""; fault=0
while :; do
    now=$(date +%s)
    [ "$now" -lt "$end" ] || break
    for n in a b k; do kill -0 "${PID[$n]}" 2>/dev/null || { echo "soak: $n died; see $RESULTS" >&2; event died "$n"; exit 1; }; done
    if [ "$up_at" -gt 0 ] && [ "$now" -ge "$up_at" ]; then link "$up_node" "$up_port" up; up_at=0; fi
    if [ "$now" -ge "$next_fault" ] && [ "$now" -lt "$quiet" ] && [ "$up_at" -eq 0 ]; then
        read -r up_node up_port <<< "${LINKS[$((fault % ${#LINKS[@]}))]}"
        link "$up_node" "$up_port" down
        up_at=$((now + LINK_DOWN)); fault=$((fault + 1)); next_fault=$((next_fault + FAULT_EVERY))
    fi
    if [ "$now" -ge "$next_flap" ]; then flap; next_flap=$((next_flap + FLAP_EVERY)); fi
    if [ "$now" -ge "$next_sample" ]; then sample; next_sample=$((next_sample + SAMPLE_EVERY)); fi
    if [ "$now" -ge "$next_live" ]; then live_gc; next_live=$((next_live + LIVE_EVERY)); fi
    sleep 0.2
done
[ "$up_at" -eq 0 ] || link "$up_node" "$up_port" up
on rs nft flush set inet soak_flap down
sample
snapshot end
for n in a b k; do kill -TERM "${PID[cap-$n]}" 2>/dev/null || true; wait "${PID[cap-$n]}" 2>/dev/null || true; done

cat > "$RESULTS/params.json" <<JSON
{"duration": $DURATION, "loss_percent": $LOSS, "flap_every": $FLAP_EVERY, "flap_count": $FLAP_COUNT,
 "fault_every": $FAULT_EVERY, "link_down": $LINK_DOWN, "live_every": $LIVE_EVERY, "sample_every": $SAMPLE_EVERY,
 "ip": {"a": "${IP[a]}", "b": "${IP[b]}", "k": "${IP[k]}"},
 "instances": [$(for line in "${INSTANCES[@]}"; do read -r name vrid adv pa pb pk <<< "$line"
     printf '{"name": "%s", "vrid": %s, "advert_int": %s, "priority": {"a": %s, "b": %s, "k": %s}},' \
         "$name" "$vrid" "$adv" "$pa" "$pb" "$pk"; done | sed 's/,$//')],
 "gc": "$(grep -m1 -o 'Using [A-Za-z0-9 ]*' "$RESULTS/gc-a.log" || true)"}
JSON
python3 bench/soak/report.py "$RESULTS" | tee "$RESULTS/report.txt"
