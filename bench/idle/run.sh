#!/bin/bash
# Idle benchmark: the CPU that `vigil run` uses with services and no traffic, for each dataplane backend, with and
# without health checks, thread by thread; and the latency of the first connection through the VIP after a quiet
# spell, against one right after it. Prints figures; asserts nothing.
#
# usage: bench/idle/run.sh [SECONDS] [QUIET_SECONDS] [PROBES]      (as root; needs iproute2, nginx, curl)
#   SECONDS        how long each daemon's CPU is sampled (default 20), after SETTLE seconds (default 10) for the
#                  start-up work (JIT, first checks) to end
#   QUIET_SECONDS  the quiet spell before each first-connection probe (default 10); PROBES probes (default 3)
#   BACKENDS="tpacket xdp" (default both), CHECKS="yes no" (default both): which daemons to run
#
# The director is an LVS-NAT MASTER (two VRRP instances in a sync group, advert_int 1) with 3 virtual servers of 2
# real servers each; with CHECKS=yes each real server has a TCP_CHECK every 6 s (delay_loop 6). The lab uses
# 198.18.46.0/24 and 198.18.47.0/24 inside namespaces named vbi-<pid>-*, all removed on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
SAMPLE=${1:-20}
QUIET=${2:-10}
PROBES=${3:-3}
SETTLE=${SETTLE:-10}
BACKENDS=${BACKENDS:-tpacket xdp}
CHECKS=${CHECKS:-yes no}
. bench/lab.sh
lab_begin vbi idle "sw c m rs1 rs2"
lab_require bench/idle ip nginx curl
VIP=198.18.46.100

# Client 198.18.46.1 -> director m (.2 outside, .11 inside, gateway VIP .254) -> real servers 198.18.47.1 and .2.
lab_namespaces out inner
port out c; ip -n "$P-c" addr add 198.18.46.1/24 dev eth0
port out m; ip -n "$P-m" addr add 198.18.46.2/24 dev eth0
port inner m 1; ip -n "$P-m" addr add 198.18.47.11/24 dev eth1
for i in 1 2; do
    port inner "rs$i"; ip -n "$P-rs$i" addr add "198.18.47.$i/24" dev eth0
    ip -n "$P-rs$i" route add default via 198.18.47.254
    nginx_on "rs$i"
done

vigil_config() { # yes|no: health checks
    cat <<CONF
global_defs { router_id bench_idle }
vrrp_sync_group VG { group { VI_OUT VI_IN } }
vrrp_instance VI_OUT {
    state MASTER
    interface eth0
    virtual_router_id 63
    priority 150
    advert_int 1
    virtual_ipaddress { $VIP/24 dev eth0 }
}
vrrp_instance VI_IN {
    state MASTER
    interface eth1
    virtual_router_id 64
    priority 150
    advert_int 1
    virtual_ipaddress { 198.18.47.254/24 dev eth1 }
}
CONF
    for vport in 80 81 82; do
        echo "virtual_server $VIP $vport {"
        echo "    delay_loop 6"
        echo "    lb_algo rr"
        echo "    lb_kind NAT"
        echo "    protocol TCP"
        for rs in 198.18.47.1 198.18.47.2; do
            echo "    real_server $rs 8080 {"
            echo "        weight 1"
            [ "$1" = yes ] && echo "        TCP_CHECK { connect_timeout 3 }"
            echo "    }"
        done
        echo "}"
    done
}

ready() { # name
    grep -q "(VI_IN) Entering MASTER STATE" "$WORK/vigil-$1.log" \
        && [ "$(vigil_list "$1" 2>/dev/null | grep -c -- '-> 198.18.47')" -ge 6 ] \
        && on c curl -sf --max-time 2 -o /dev/null "http://$VIP/"
}

# First connection through the VIP after QUIET seconds without traffic, then one at once; curl's time_connect
# is the SYN -> SYN+ACK round trip through the dataplane (both legs of the NAT). Prints "cold_ms warm_ms" lines.
first_packet() {
    local i cold warm
    for i in $(seq 1 "$PROBES"); do
        sleep "$QUIET"
        cold=$(on c curl -sf --max-time 5 -o /dev/null -w '%{time_connect}' "http://$VIP/") || cold=fail
        warm=$(on c curl -sf --max-time 5 -o /dev/null -w '%{time_connect}' "http://$VIP/") || warm=fail
        awk -v c="$cold" -v w="$warm" 'BEGIN { printf "%s %s\n", c == "fail" ? c : sprintf("%.3f", c * 1000), w == "fail" ? w : sprintf("%.3f", w * 1000) }'
    done
}

median() { sort -n | awk '{ v[NR] = $1 } END { print NR ? v[int((NR + 1) / 2)] : "-" }'; }

SUMMARY=()
for backend in $BACKENDS; do
    for checks in $CHECKS; do
        name="$backend-checks-$checks"
        vigil_config "$checks" > "$WORK/$name.conf"
        VIGIL_JAVA_OPTS="${VIGIL_JAVA_OPTS:-} -Dvigil.dataplane.backend=$backend" \
            start_vigil "$name" "$WORK/$name.conf" ready "$name"
        ports=$(vigil_list "$name" --json 2>/dev/null | awk -F'"' '/"device"/ { d = $4 } /"backend"/ { printf "%s=%s ", d, $4 }')
        sleep "$SETTLE"
        echo "== $name (ports: ${ports:-unknown}): vigil run CPU over ${SAMPLE}s with no traffic"
        thread_cpu "$VIGIL_PID" "$SAMPLE" | tee "$WORK/$name.cpu"
        echo "-- first connection after ${QUIET}s quiet, then at once (curl time_connect, ms):"
        first_packet | tee "$WORK/$name.latency"
        SUMMARY+=("$(printf '%-20s %8s %8s %8s' "$name" "$(awk 'NR == 1 { print $2 }' "$WORK/$name.cpu")" \
            "$(cut -d' ' -f1 "$WORK/$name.latency" | median)" "$(cut -d' ' -f2 "$WORK/$name.latency" | median)")")
        stop_pid "$VIGIL_PID"
        echo
    done
done

echo "idle CPU over ${SAMPLE}s (% of one core, all threads' run time) and median first-connect ms ($PROBES probes)"
printf '%-20s %8s %8s %8s\n' daemon cpu_% cold_ms warm_ms
printf '%s\n' "${SUMMARY[@]}"
