#!/bin/bash
# Forwarding benchmark: HTTP requests/s through one box between a client and nginx real servers, side by side in
# one run: Vigil LVS-NAT (TPACKET and XDP backends) and LVS-DR (`vigil run`, the user-space dataplane), the kernel's nftables DNAT doing the
# same NAT, and plain kernel routing (no load balancing, one server). wrk in the client namespace drives each for
# the same time; the table gives requests/s, wrk's latency p50/p99, and the ratios to kernel DNAT and to routing.
# It also measures the idle CPU of the vigil daemon with 3 services and no traffic (/proc/PID/stat over 10 s).
# Prints figures; asserts nothing.
#
# usage: bench/forwarding/run.sh [SECONDS] [CONNECTIONS]      (as root; needs iproute2, nft, nginx, wrk, curl)
# The lab uses 198.18.40.0/24 and 198.18.41.0/24 inside namespaces named vbw-<pid>-*, all removed on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_MODE=${1:-10}
CONNECTIONS=${2:-16}
P="vbw-$$"
WORK=$(mktemp -d /tmp/vigil-bench-forwarding.XXXXXX)
VIP=198.18.40.100
NAMESPACES="sw c m rs1 rs2"
PIDS=()

cleanup() {
    for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true; done
    teardown
    rm -rf "$WORK"
}
trap cleanup EXIT

teardown() {
    for ns in $NAMESPACES; do
        for pid in $(ip netns pids "$P-$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
        ip netns delete "$P-$ns" 2>/dev/null || true
    done
}

for tool in ip nft nginx wrk curl; do
    command -v "$tool" >/dev/null || { echo "bench/forwarding: $tool is missing (see .ci/run)" >&2; exit 1; }
done
[ -f director/target/vigil.jar ] || mvn -q -B -DskipTests -pl director -am package

on() { local ns=$1; shift; ip netns exec "$P-$ns" "$@"; }

# A switch namespace with bridges; every host hangs off them by a veth, as hosts on a LAN.
port() { # bridge ns address
    ip -n "$P-sw" link add "$2-$1" type veth peer name "eth${3:-0}" netns "$P-$2"
    ip -n "$P-sw" link set "$2-$1" master "$1"
    ip -n "$P-sw" link set "$2-$1" up
    ip -n "$P-$2" link set "eth${3:-0}" up
}

# Two segments: clients on 198.18.40.0/24 (m is .2), real servers on 198.18.41.0/24 behind m.
# GATEWAY: the address m holds on the inside (Vigil NAT holds the gateway .254 as a VRRP VIP instead).
two_segments() { # inside address of m
    for ns in $NAMESPACES; do ip netns add "$P-$ns"; ip -n "$P-$ns" link set lo up; done
    for br in out inner; do ip -n "$P-sw" link add "$br" type bridge; ip -n "$P-sw" link set "$br" up; done
    port out c; ip -n "$P-c" addr add 198.18.40.1/24 dev eth0
    port out m; ip -n "$P-m" addr add 198.18.40.2/24 dev eth0
    port inner m 1; ip -n "$P-m" addr add "$1/24" dev eth1
    local i=1
    for rs in rs1 rs2; do
        port inner "$rs"; ip -n "$P-$rs" addr add "198.18.41.$i/24" dev eth0
        ip -n "$P-$rs" route add default via 198.18.41.254
        i=$((i + 1))
    done
}

# One segment (LVS-DR): client .1, director .2, real servers .11 and .12 holding the VIP on lo.
one_segment() {
    for ns in $NAMESPACES; do ip netns add "$P-$ns"; ip -n "$P-$ns" link set lo up; done
    ip -n "$P-sw" link add out type bridge; ip -n "$P-sw" link set out up
    port out c; ip -n "$P-c" addr add 198.18.40.1/24 dev eth0
    port out m; ip -n "$P-m" addr add 198.18.40.2/24 dev eth0
    local i=11
    for rs in rs1 rs2; do
        port out "$rs"; ip -n "$P-$rs" addr add "198.18.40.$i/24" dev eth0
        ip -n "$P-$rs" addr add "$VIP/32" dev lo
        on "$rs" sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2
        i=$((i + 1))
    done
}

# nginx on every real server, on :80 (DR keeps the port) and :8080 (NAT changes it), one worker, no access log.
nginx_on() { # ns
    local d="$WORK/nginx-$1"
    mkdir -p "$d/www"
    echo "served by $1" > "$d/www/index.html"
    cat > "$d/nginx.conf" <<CONF
user root;
worker_processes 1;
pid $d/nginx.pid;
error_log $d/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $d/body;
    proxy_temp_path $d/proxy;
    fastcgi_temp_path $d/fastcgi;
    uwsgi_temp_path $d/uwsgi;
    scgi_temp_path $d/scgi;
    server {
        listen 80;
        listen 8080;
        root $d/www;
    }
}
CONF
    # ip netns exec execs nginx: $! is nginx's own PID (a shell function in the background would be a subshell).
    ip netns exec "$P-$1" nginx -c "$d/nginx.conf" -g "daemon off;" > "$d/out.log" 2>&1 &
    PIDS+=("$!")
    local until=$(( $(date +%s) + 10 ))
    until on "$1" curl -sf -o /dev/null http://127.0.0.1:8080/; do
        [ "$(date +%s)" -lt "$until" ] || { echo "nginx in $1 did not start" >&2; cat "$d/error.log" >&2; exit 1; }
        sleep 0.1
    done
}

# The keepalived.conf of a Vigil director: VRRP MASTER for the VIP (and for NAT the inside gateway, one sync
# group), and 3 virtual servers on ports 80, 81 and 82 over the same two real servers.
vigil_config() { # NAT|DR
    local kind=$1 rport=8080 rs1=198.18.41.1 rs2=198.18.41.2
    [ "$kind" = DR ] && { rport=""; rs1=198.18.40.11; rs2=198.18.40.12; }
    echo "global_defs { router_id bench_$kind }"
    if [ "$kind" = NAT ]; then
        cat <<CONF
vrrp_sync_group VG { group { VI_OUT VI_IN } }
vrrp_instance VI_IN {
    state MASTER
    interface eth1
    virtual_router_id 62
    priority 150
    advert_int 1
    virtual_ipaddress { 198.18.41.254/24 dev eth1 }
}
CONF
    fi
    cat <<CONF
vrrp_instance VI_OUT {
    state MASTER
    interface eth0
    virtual_router_id 61
    priority 150
    advert_int 1
    virtual_ipaddress { $VIP/24 dev eth0 }
}
CONF
    for vport in 80 81 82; do
        cat <<CONF
virtual_server $VIP $vport {
    delay_loop 5
    lb_algo rr
    lb_kind $kind
    protocol TCP
    real_server $rs1 ${rport:-$vport} {
        weight 1
        TCP_CHECK { connect_port ${rport:-80} connect_timeout 1 }
    }
    real_server $rs2 ${rport:-$vport} {
        weight 1
        TCP_CHECK { connect_port ${rport:-80} connect_timeout 1 }
    }
}
CONF
    done
}

VIGIL_PID=""
start_vigil() { # NAT|DR [tpacket|xdp]: the state directory is state-KIND (tpacket) or state-KIND-xdp
    local kind=$1 backend=${2:-tpacket} state=$1
    [ "$backend" = tpacket ] || state="$kind-$backend"
    vigil_config "$kind" > "$WORK/vigil-$kind.conf"
    echo "vigil.dataplane.backend = $backend" > "$WORK/settings-$state.conf"
    # ip netns exec execs the launcher, which execs java: $! is the daemon's PID.
    ip netns exec "$P-m" packaging/bin/vigil run -f "$WORK/vigil-$kind.conf" --state-dir "$WORK/state-$state" \
        --settings "$WORK/settings-$state.conf" > "$WORK/vigil-$state.log" 2>&1 &
    VIGIL_PID=$!
    PIDS+=("$VIGIL_PID")
    local until=$(( $(date +%s) + 60 ))
    until grep -q "(VI_OUT) Entering MASTER STATE" "$WORK/vigil-$state.log" \
        && { [ "$kind" = DR ] || grep -q "(VI_IN) Entering MASTER STATE" "$WORK/vigil-$state.log"; } \
        && pool_ready "$state"; do
        if [ "$(date +%s)" -ge "$until" ] || ! kill -0 "$VIGIL_PID" 2>/dev/null; then
            echo "vigil ($kind) did not become MASTER with both real servers:" >&2
            cat "$WORK/vigil-$state.log" >&2
            exit 1
        fi
        sleep 0.25
    done
}

pool_ready() { # kind: every service lists both real servers
    local list
    list=$(on m packaging/bin/vigil list -n --state-dir "$WORK/state-$1" 2>/dev/null) || return 1
    [ "$(grep -c -- '-> 198.18.4' <<< "$list")" -ge 6 ]
}

stop_vigil() {
    kill -TERM "$VIGIL_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$VIGIL_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$VIGIL_PID" 2>/dev/null || true
    wait "$VIGIL_PID" 2>/dev/null || true
}

# CPU of a process over 10 s, as a percentage of one core: utime + stime (/proc/PID/stat, in clock ticks), and
# the run time of all its threads in ns (/proc/PID/task/*/schedstat, not sampled by the tick).
idle_cpu() { # pid
    local hz t0 t1 n0 n1
    [ "$(cat "/proc/$1/comm")" = java ] || { echo "pid $1 is $(cat "/proc/$1/comm"), not the daemon" >&2; exit 1; }
    hz=$(getconf CLK_TCK)
    t0=$(awk '{ print $14 + $15 }' "/proc/$1/stat"); n0=$(cat /proc/"$1"/task/*/schedstat | awk '{ s += $1 } END { print s }')
    sleep 10
    t1=$(awk '{ print $14 + $15 }' "/proc/$1/stat"); n1=$(cat /proc/"$1"/task/*/schedstat | awk '{ s += $1 } END { print s }')
    awk -v a="$t0" -v b="$t1" -v hz="$hz" -v n0="$n0" -v n1="$n1" -v threads="$(ls "/proc/$1/task" | wc -l)" 'BEGIN {
        printf "utime+stime %.2f%% of one core (%d ticks of 1/%d s in 10 s); thread run time %.2f%% (%.1f ms in 10 s, %d threads)",
            (b - a) / hz * 10, b - a, hz, (n1 - n0) / 1e8, (n1 - n0) / 1e6, threads }'
}

# wrk against URL from the client; leaves "requests/s p50_ms p99_ms" in $WORK/MODE.result.
measure() { # mode url
    on c curl -sf --max-time 2 -o /dev/null "$2" || { echo "$1: $2 does not answer before the run" >&2; exit 1; }
    on c wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_MODE}s" --latency "$2" > "$WORK/$1.wrk" 2>&1
    echo "--- $1: wrk -t1 -c$CONNECTIONS -d${SECONDS_PER_MODE}s --latency $2" >&2
    cat "$WORK/$1.wrk" >&2
    awk '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
        /Requests\/sec:/ { rps = $2 }
        $1 == "50%" { p50 = ms($2) }
        $1 == "99%" { p99 = ms($2) }
        /Non-2xx|Socket errors/ { errors = errors " " $0 }
        END { printf "%s %.3f %.3f%s\n", rps, p50, p99, errors ? " #" errors : "" }' "$WORK/$1.wrk" > "$WORK/$1.result"
}

# ---------------------------------------------------------------------------------------------------- modes

echo "== plain routing: client -> router -> one nginx" >&2
two_segments 198.18.41.254
on m sysctl -qw net.ipv4.ip_forward=1
on c ip route add 198.18.41.0/24 via 198.18.40.2
nginx_on rs1
measure routing "http://198.18.41.1:8080/"
teardown

echo "== kernel nftables DNAT: VIP:80 -> 2 real servers :8080, round robin" >&2
two_segments 198.18.41.254
on m sysctl -qw net.ipv4.ip_forward=1
on m ip addr add "$VIP/24" dev eth0
on m nft -f - <<NFT
table ip vigil_bench {
    chain prerouting {
        type nat hook prerouting priority dstnat; policy accept;
        ip daddr $VIP tcp dport 80 dnat to numgen inc mod 2 map { 0 : 198.18.41.1, 1 : 198.18.41.2 } : 8080
    }
}
NFT
nginx_on rs1; nginx_on rs2
measure kernel-dnat "http://$VIP/"
teardown

echo "== Vigil LVS-NAT: 3 services, 2 real servers routing through the gateway VIP" >&2
two_segments 198.18.41.11
nginx_on rs1; nginx_on rs2
start_vigil NAT
IDLE=$(idle_cpu "$VIGIL_PID")
measure vigil-nat "http://$VIP/"
on m packaging/bin/vigil list -n --stats --state-dir "$WORK/state-NAT" > "$WORK/vigil-nat.stats" 2>&1 || true
stop_vigil
teardown

echo "== Vigil LVS-NAT on the XDP backend (AF_XDP, Vigil's XDP program, no nftables): as above" >&2
two_segments 198.18.41.11
nginx_on rs1; nginx_on rs2
start_vigil NAT xdp
grep "dataplane backend" "$WORK/vigil-NAT-xdp.log" >&2 || true
measure vigil-nat-xdp "http://$VIP/"
on m packaging/bin/vigil list -n --stats --state-dir "$WORK/state-NAT-xdp" > "$WORK/vigil-nat-xdp.stats" 2>&1 || true
stop_vigil
teardown

echo "== Vigil LVS-DR: 3 services, 2 real servers holding the VIP on lo" >&2
one_segment
nginx_on rs1; nginx_on rs2
start_vigil DR
measure vigil-dr "http://$VIP/"
on m packaging/bin/vigil list -n --stats --state-dir "$WORK/state-DR" > "$WORK/vigil-dr.stats" 2>&1 || true
stop_vigil
teardown

for mode in nat nat-xdp dr; do echo "--- vigil list -n --stats after the $mode run" >&2; cat "$WORK/vigil-$mode.stats" >&2; done

# ---------------------------------------------------------------------------------------------------- table

echo
echo "wrk -t1 -c$CONNECTIONS -d${SECONDS_PER_MODE}s, HTTP GET of a small page; one box between client and nginx"
printf '%-14s %12s %9s %9s %14s %14s\n' mode requests/s p50_ms p99_ms vs_kernel_dnat vs_routing
read -r k_rps _ < "$WORK/kernel-dnat.result"
read -r r_rps _ < "$WORK/routing.result"
for mode in routing kernel-dnat vigil-nat vigil-nat-xdp vigil-dr; do
    read -r rps p50 p99 rest < "$WORK/$mode.result"
    awk -v m="$mode" -v r="$rps" -v a="$p50" -v b="$p99" -v k="$k_rps" -v p="$r_rps" -v e="${rest:-}" \
        'BEGIN { printf "%-14s %12.0f %9.3f %9.3f %14.2f %14.2f %s\n", m, r, a, b, r / k, r / p, e }'
done
echo
echo "vigil run idle (3 NAT services, 6 real servers under TCP_CHECK every 5 s, no traffic): $IDLE"
