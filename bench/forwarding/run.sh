#!/bin/bash
# Forwarding benchmark: HTTP requests/s through one box between a client and nginx real servers, side by side in
# one run: Vigil LVS-NAT and LVS-DR (`vigil run`, the user-space dataplane), the kernel's nftables DNAT doing the
# same NAT, and plain kernel routing (no load balancing, one server). wrk in the client namespace drives each for
# the same time; the table gives requests/s, wrk's latency p50/p99, and the ratios to kernel DNAT and to routing.
# It also measures the idle CPU of the vigil daemon with 3 services and no traffic over 10 s, thread by thread
# (bench/lab.sh thread_cpu; bench/idle/run.sh does it at length, per backend, with first-packet latency).
# Prints figures; asserts nothing.
#
# usage: bench/forwarding/run.sh [SECONDS] [CONNECTIONS]      (as root; needs iproute2, nft, nginx, wrk, curl)
# The lab uses 198.18.40.0/24 and 198.18.41.0/24 inside namespaces named vbw-<pid>-*, all removed on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_MODE=${1:-10}
CONNECTIONS=${2:-16}
. bench/lab.sh
lab_begin vbw forwarding "sw c m rs1 rs2"
lab_require bench/forwarding ip nft nginx wrk curl
VIP=198.18.40.100

# Two segments: clients on 198.18.40.0/24 (m is .2), real servers on 198.18.41.0/24 behind m.
# GATEWAY: the address m holds on the inside (Vigil NAT holds the gateway .254 as a VRRP VIP instead).
two_segments() { # inside address of m
    lab_namespaces out inner
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
    lab_namespaces out
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

vigil_ready() { # kind: MASTER of its instances, and every service lists both real servers
    grep -q "(VI_OUT) Entering MASTER STATE" "$WORK/vigil-$1.log" \
        && { [ "$1" = DR ] || grep -q "(VI_IN) Entering MASTER STATE" "$WORK/vigil-$1.log"; } \
        && pool_ready "$1"
}

pool_ready() { # kind: every service lists both real servers
    local list
    list=$(vigil_list "$1" 2>/dev/null) || return 1
    [ "$(grep -c -- '-> 198.18.4' <<< "$list")" -ge 6 ]
}

start_vigil_kind() { # NAT|DR
    vigil_config "$1" > "$WORK/vigil-$1.conf"
    start_vigil "$1" "$WORK/vigil-$1.conf" vigil_ready "$1"
}

# wrk against URL from the client; leaves "requests/s p50_ms p99_ms errors wrk_cpu_s" in $WORK/MODE.result.
measure() { # mode url
    on c curl -sf --max-time 2 -o /dev/null "$2" || { echo "$1: $2 does not answer before the run" >&2; exit 1; }
    wrk_run "$1" "$2" -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_MODE}s"
    echo "--- $1: wrk -t1 -c$CONNECTIONS -d${SECONDS_PER_MODE}s --latency $2" >&2
    cat "$WORK/$1.wrk" >&2
}

# ---------------------------------------------------------------------------------------------------- modes

echo "== plain routing: client -> router -> one nginx" >&2
two_segments 198.18.41.254
on m sysctl -qw net.ipv4.ip_forward=1
on c ip route add 198.18.41.0/24 via 198.18.40.2
nginx_on rs1
measure routing "http://198.18.41.1:8080/"
lab_teardown

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
lab_teardown

echo "== Vigil LVS-NAT: 3 services, 2 real servers routing through the gateway VIP" >&2
two_segments 198.18.41.11
nginx_on rs1; nginx_on rs2
start_vigil_kind NAT
thread_cpu "$VIGIL_PID" 10 > "$WORK/idle.cpu"
measure vigil-nat "http://$VIP/"
vigil_list NAT --stats > "$WORK/vigil-nat.stats" 2>&1 || true
stop_pid "$VIGIL_PID"
lab_teardown

echo "== Vigil LVS-DR: 3 services, 2 real servers holding the VIP on lo" >&2
one_segment
nginx_on rs1; nginx_on rs2
start_vigil_kind DR
measure vigil-dr "http://$VIP/"
vigil_list DR --stats > "$WORK/vigil-dr.stats" 2>&1 || true
stop_pid "$VIGIL_PID"
lab_teardown

for mode in nat dr; do echo "--- vigil list -n --stats after the $mode run" >&2; cat "$WORK/vigil-$mode.stats" >&2; done

# ---------------------------------------------------------------------------------------------------- table

echo
echo "wrk -t1 -c$CONNECTIONS -d${SECONDS_PER_MODE}s, HTTP GET of a small page; one box between client and nginx"
printf '%-12s %12s %9s %9s %14s %14s\n' mode requests/s p50_ms p99_ms vs_kernel_dnat vs_routing
read -r k_rps _ < "$WORK/kernel-dnat.result"
read -r r_rps _ < "$WORK/routing.result"
for mode in routing kernel-dnat vigil-nat vigil-dr; do
    read -r rps p50 p99 errors _ < "$WORK/$mode.result"
    awk -v m="$mode" -v r="$rps" -v a="$p50" -v b="$p99" -v k="$k_rps" -v p="$r_rps" -v e="$errors" \
        'BEGIN { printf "%-12s %12.0f %9.3f %9.3f %14.2f %14.2f%s\n", m, r, a, b, r / k, r / p, e ? "  # " e " errors" : "" }'
done
echo
echo "vigil run idle (3 NAT services, 6 real servers under TCP_CHECK every 5 s, no traffic), per thread over 10 s:"
cat "$WORK/idle.cpu"
