#!/bin/bash
# HTTP benchmark: requests/s through a director to two nginx real servers, and the CPU it cost, for every way of
# doing the job side by side on one lab:
#   routing       plain kernel routing, the client talks to one real server through the director (the ceiling)
#   kernel-dnat   nftables DNAT of VIP:80 to the two real servers (numgen inc), replies routed back through it
#   haproxy       HAProxy `mode tcp`, roundrobin over the two real servers (its default threads: one per CPU)
#   vigil-nat     `vigil run` with an LVS-NAT virtual_server (the user-space dataplane), no VRRP
#   vigil-dr      `vigil run` with an LVS-DR virtual_server; the real servers hold the VIP on lo and answer the
#                 client directly
# Two workloads, wrk -t1 from the client: keep-alive (wrk's default) and one request per connection
# (-H 'Connection: close', new connections/s). Contenders take turns in every round (the order rotates, and so
# does the order of the workloads), so that the machine's noise falls on all of them; the table gives the median
# over the rounds and its ratio to kernel DNAT, HAProxy and routing, and the CPU used while wrk ran: the director
# process's own (utime+stime of vigil or haproxy, /proc/PID/stat), the machine's system+softirq (/proc/stat,
# where kernel forwarding and NAT are paid), the machine's busy total and that total per request. Machine-wide
# figures include wrk and nginx (the same work for every contender) and anything else the machine runs.
# Prints figures; asserts nothing.
#
# usage: bench/http/run.sh [ROUNDS] [SECONDS] [CONNECTIONS]       (as root; defaults 5 rounds, 10 s, 16)
#   needs iproute2, nft, nginx, wrk, curl, haproxy (and builds vigil if it is missing)
#   CONTENDERS="routing kernel-dnat haproxy vigil-nat vigil-dr" picks and orders the contenders.
#   VIGIL_BACKEND="tpacket xdp" runs each Vigil contender once per backend (vigil-nat-xdp, ...), passing
#   -Dvigil.dataplane.backend=B to the daemon; unset, the daemon's default backend runs and nothing is passed.
#   WARMUP=S seconds of each workload before it is measured, in every round (default 2).
# The lab uses 198.18.44.0/24 (clients, VIP .100) and 198.18.45.0/24 (real servers) inside namespaces named
# vbh-<pid>-*, all removed on exit, also on failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-5}
SECONDS_PER_RUN=${2:-10}
CONNECTIONS=${3:-16}
WARMUP=${WARMUP:-2}
. bench/lab.sh
lab_begin vbh http "sw c m rs1 rs2"
lab_require bench/http ip nft nginx wrk curl haproxy

VIP=198.18.44.100
RS1=198.18.45.1
RS2=198.18.45.2
GATEWAY=198.18.45.254
HZ=$(getconf CLK_TCK)
CPUS=$(nproc)
WORKLOADS="keep-alive close"

contenders=()
for c in ${CONTENDERS:-routing kernel-dnat haproxy vigil-nat vigil-dr}; do
    case $c in
        vigil-*) if [ -n "${VIGIL_BACKEND:-}" ]; then for b in $VIGIL_BACKEND; do contenders+=("$c-$b"); done
                 else contenders+=("$c"); fi ;;
        routing|kernel-dnat|haproxy) contenders+=("$c") ;;
        *) echo "bench/http: unknown contender '$c' in CONTENDERS" \
               "(expected routing, kernel-dnat, haproxy, vigil-nat, vigil-dr)" >&2; exit 2 ;;
    esac
done

# ------------------------------------------------------------------------------------------------------ the lab
# bridge out: c eth0 .44.1, m eth0 .44.2 and the VIP .44.100
# bridge in:  m eth1 .45.254 (the real servers' default gateway), rs1 .45.1, rs2 .45.2, and c eth1 (no address)
# LVS-DR's replies leave the real servers with the VIP as source and must not pass the director: a rule on each
# real server sends them to the client's second leg on the same segment (c answers ARP for .44.1 there), as a
# real server's replies go to the clients' router. Every other reply goes back through the director.
lab_namespaces out in
port out c; on c ip addr add 198.18.44.1/24 dev eth0
port in c 1
on c ip route add 198.18.45.0/24 via 198.18.44.2
on c sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.eth1.rp_filter=0
port out m; on m ip addr add 198.18.44.2/24 dev eth0; on m ip addr add "$VIP/32" dev eth0
port in m 1; on m ip addr add "$GATEWAY/24" dev eth1
# One box forwards back out of the segment it came in on no more than it must; no redirects to confuse anybody.
on m sysctl -qw net.ipv4.conf.all.send_redirects=0 net.ipv4.ip_forward=0
# One request per connection at thousands a second: TIME_WAIT must not run out of ports on the initiating side.
for ns in c m; do on "$ns" sysctl -qw net.ipv4.tcp_tw_reuse=1 net.ipv4.ip_local_port_range="1024 65535"; done
for rs in rs1 rs2; do
    addr=$RS1; [ "$rs" = rs2 ] && addr=$RS2
    port in "$rs"; on "$rs" ip addr add "$addr/24" dev eth0
    on "$rs" ip route add default via "$GATEWAY"
    on "$rs" ip addr add "$VIP/32" dev lo
    on "$rs" sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2
    on "$rs" ip rule add from "$VIP" lookup 100
    on "$rs" ip route add 198.18.44.0/24 dev eth0 table 100
    nginx_on "$rs"
done

# -------------------------------------------------------------------------------------------------- contenders
DIRECTOR_PID=""   # the process doing the contender's work on the director, if it is one

vigil_config() { # NAT|DR
    local rport=8080; [ "$1" = DR ] && rport=80
    cat <<CONF
global_defs {
    router_id bench_http_$1
}
! No vrrp_instance carries the VIP (the lab put it on m's eth0): Vigil forwards from the start, as keepalived
! programs IPVS without VRRP.
virtual_server $VIP 80 {
    delay_loop 5
    lb_algo rr
    lb_kind $1
    protocol TCP
    real_server $RS1 $rport {
        weight 1
        TCP_CHECK { connect_timeout 1 }
    }
    real_server $RS2 $rport {
        weight 1
        TCP_CHECK { connect_timeout 1 }
    }
}
CONF
}

vigil_pool_ready() { # name
    local list
    list=$(vigil_list "$1" 2>/dev/null) || return 1
    [ "$(grep -c -- "-> 198.18.45." <<< "$list")" -eq 2 ]
}

vigil_up() { # NAT|DR name [backend]
    vigil_config "$1" > "$WORK/$2.conf"
    VIGIL_JAVA_OPTS="${VIGIL_JAVA_OPTS:-}${3:+ -Dvigil.dataplane.backend=$3}" \
        start_vigil "$2" "$WORK/$2.conf" vigil_pool_ready "$2"
    DIRECTOR_PID=$VIGIL_PID
}

haproxy_up() {
    cat > "$WORK/haproxy.cfg" <<CONF
global
    maxconn 4096
defaults
    mode tcp
    timeout connect 2s
    timeout client 30s
    timeout server 30s
frontend vip
    bind $VIP:80
    default_backend real_servers
backend real_servers
    balance roundrobin
    server rs1 $RS1:8080 check inter 5s
    server rs2 $RS2:8080 check inter 5s
CONF
    spawn m "$WORK/haproxy.log" haproxy -db -f "$WORK/haproxy.cfg"
    DIRECTOR_PID=$SPAWNED
    wait_for 10 haproxy "$WORK/haproxy.log" on c curl -sf --max-time 1 -o /dev/null "http://$VIP/"
}

kernel_dnat_up() {
    on m sysctl -qw net.ipv4.ip_forward=1
    on m nft -f - <<NFT
table ip bench_http {
    chain prerouting {
        type nat hook prerouting priority dstnat; policy accept;
        ip daddr $VIP tcp dport 80 dnat to numgen inc mod 2 map { 0 : $RS1, 1 : $RS2 } : 8080
    }
}
NFT
}

contender_up() { # contender; sets URL (and DIRECTOR_PID for a process)
    local backend=""
    case $1 in vigil-nat-*|vigil-dr-*) backend=${1#vigil-*-} ;; esac
    DIRECTOR_PID=""; URL="http://$VIP/"
    case $1 in
        routing) on m sysctl -qw net.ipv4.ip_forward=1; URL="http://$RS1:8080/" ;;
        kernel-dnat) kernel_dnat_up ;;
        haproxy) haproxy_up ;;
        vigil-nat*) vigil_up NAT "$1-r$round" "$backend" ;;
        vigil-dr*) vigil_up DR "$1-r$round" "$backend" ;;
    esac
}

contender_down() { # contender
    case $1 in
        kernel-dnat) on m nft delete table ip bench_http ;;
        vigil-*) vigil_list "$1-r$round" --stats > "$WORK/$1-r$round.stats" 2>&1 || true
                 vigil_list "$1-r$round" --json > "$WORK/$1.json" 2>&1 || true ;;
    esac
    [ -n "$DIRECTOR_PID" ] && stop_pid "$DIRECTOR_PID"
    on m sysctl -qw net.ipv4.ip_forward=0
}

# ------------------------------------------------------------------------------------------------- measurement
workload_options() { # workload: sets WRK_OPTIONS
    WRK_OPTIONS=()
    if [ "$1" = close ]; then WRK_OPTIONS=(-H "Connection: close"); fi
}

# One measured wrk run; appends "contender workload round rps errors director_cores lab_cores
# machine_system+softirq_cores machine_busy_cores seconds" to $WORK/runs.
measure() { # contender workload
    local name="$1-$2-r$round" t0 t1 d0=0 d1=0 l0 l1 m0 m1 rps errors wrk_cpu
    workload_options "$2"
    if [ "$WARMUP" -gt 0 ]; then
        on c wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" "${WRK_OPTIONS[@]}" "$URL" > /dev/null & wait $!
    fi
    [ -n "$DIRECTOR_PID" ] && d0=$(process_ticks "$DIRECTOR_PID")
    l0=$(lab_ticks); m0=$(machine_ticks); t0=$(date +%s%N)
    wrk_run "$name" "$URL" -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" "${WRK_OPTIONS[@]}"
    t1=$(date +%s%N); m1=$(machine_ticks); l1=$(lab_ticks)
    [ -n "$DIRECTOR_PID" ] && d1=$(process_ticks "$DIRECTOR_PID")
    read -r rps _ _ errors wrk_cpu < "$WORK/$name.result"
    echo "$1 $2 $round $rps $errors $((d1 - d0)) $((l1 - l0)) $wrk_cpu $m0 $m1 $(( (t1 - t0) / 1000000 ))" \
        | awk -v hz="$HZ" -v pid="$DIRECTOR_PID" '{
            s = $13 / 1000
            printf "%s %s %s %s %s %s %.3f %.3f %.3f %.3f\n", $1, $2, $3, $4, $5,
                pid == "" ? "-" : sprintf("%.3f", $6 / hz / s), ($7 / hz + $8) / s,
                ($12 - $10) / hz / s, ($11 - $9) / hz / s, s }' \
        >> "$WORK/runs"
    printf '%-18s %-10s round %d: %9.0f req/s, %s errors\n' "$1" "$2" "$round" "$rps" "$errors" >&2
}

# The machine's load before the lab works: what other tenants cost every contender alike.
m0=$(machine_ticks); sleep 3; m1=$(machine_ticks)
BACKGROUND=$(echo "$m0 $m1" | awk -v hz="$HZ" '{
    printf "%.2f busy, %.2f system+softirq cores", ($3 - $1) / hz / 3, ($4 - $2) / hz / 3 }')

: > "$WORK/runs"
n=${#contenders[@]}
for round in $(seq 1 "$ROUNDS"); do
    echo "== round $round of $ROUNDS" >&2
    for i in $(seq 0 $((n - 1))); do
        contender=${contenders[$(( (i + round - 1) % n ))]}
        contender_up "$contender"
        on c curl -sf --max-time 2 -o /dev/null "$URL" \
            || { echo "$contender: $URL does not answer before the run" >&2; exit 1; }
        workloads=$WORKLOADS; [ $((round % 2)) -eq 0 ] && workloads="close keep-alive"
        for workload in $workloads; do measure "$contender" "$workload"; done
        contender_down "$contender"
    done
done

# --------------------------------------------------------------------------------------------------------- table
echo
echo "bench/http: wrk -t1 -c$CONNECTIONS -d${SECONDS_PER_RUN}s after ${WARMUP}s of warm-up, $ROUNDS rounds, medians;"
echo "GET of a 15-byte page from 2 nginx (1 worker each) through the director; $CPUS CPUs shared by client, director"
echo "and servers. Machine load before the run: $BACKGROUND. CPU columns in cores while wrk ran."
for workload in $WORKLOADS; do
    echo
    [ "$workload" = close ] && echo "one request per connection (-H 'Connection: close')" || echo "keep-alive"
    printf '%-18s %9s %17s %6s %6s %7s %7s %7s %6s %6s %5s %6s\n' contender req/s min-max x_dnat x_hapx x_route \
        dir_cpu lab_cpu us/req sys+si busy errors
    awk -v w="$workload" -v order="${contenders[*]}" '
        function median(list,    v, k, t, i, j) {
            k = split(list, v, " "); for (i = 1; i <= k; i++) v[i] += 0
            for (i = 2; i <= k; i++) {
                t = v[i]; for (j = i - 1; j >= 1 && v[j] > t; j--) v[j + 1] = v[j]; v[j + 1] = t
            }
            return k % 2 ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2
        }
        $2 == w {
            rps[$1] = rps[$1] " " $4; errs[$1] += $5; lab[$1] = lab[$1] " " $7
            sys[$1] = sys[$1] " " $8; busy[$1] = busy[$1] " " $9
            usreq[$1] = usreq[$1] " " ($4 > 0 ? $7 * 1e6 / $4 : 0)
            if ($6 != "-") dir[$1] = dir[$1] " " $6
            if (!($1 in lo) || $4 < lo[$1]) lo[$1] = $4
            if (!($1 in hi) || $4 > hi[$1]) hi[$1] = $4
        }
        END {
            d = ("kernel-dnat" in rps) ? median(rps["kernel-dnat"]) : 0
            h = ("haproxy" in rps) ? median(rps["haproxy"]) : 0
            r = ("routing" in rps) ? median(rps["routing"]) : 0
            n = split(order, names, " ")
            for (i = 1; i <= n; i++) {
                c = names[i]; m = median(rps[c])
                printf "%-18s %9.0f %8.0f-%-8.0f %6s %6s %7s %7s %7.2f %6.0f %6.2f %5.2f %6d\n", c, m, lo[c], hi[c],
                    d ? sprintf("%.2f", m / d) : "-", h ? sprintf("%.2f", m / h) : "-", r ? sprintf("%.2f", m / r) : "-",
                    (c in dir) ? sprintf("%.2f", median(dir[c])) : "-", median(lab[c]), median(usreq[c]),
                    median(sys[c]), median(busy[c]), errs[c]
            }
        }' "$WORK/runs"
done
echo
echo "x_dnat, x_hapx, x_route: median req/s over kernel DNAT's, HAProxy's and plain routing's. dir_cpu: the vigil or"
echo "haproxy process (all threads). lab_cpu: wrk, nginx, the director process and ksoftirqd, with the softirq work"
echo "done in their context (kernel forwarding and NAT); us/req: lab CPU per request. sys+si and busy: the whole"
echo "machine (/proc/stat), other tenants included."
# What each Vigil contender ran on, from `vigil list --json` of its last round: the backend of every packet port,
# and the frames it dropped (by reason, and by the kernel for a full ring). A backend asked for and not reported
# means that this build ignored the setting.
for c in "${contenders[@]}"; do
    [ -f "$WORK/$c.json" ] || continue
    ports=$(awk -F'"' '/"device"/ { d = $4 } /"backend"/ { printf "%s=%s ", d, $4 }' "$WORK/$c.json")
    drops=$(awk '/"drops": *\{/ { on = 1; next } on && /\}/ { on = 0 }
        on || /"ring_drops"/ { v = $NF; gsub(/[^0-9]/, "", v); if (on) s += v; else r += v }
        END { printf "dropped %d (by reason), ring drops %d", s, r }' "$WORK/$c.json")
    note=""
    case $c in vigil-nat-*|vigil-dr-*)
        asked=${c#vigil-*-}
        [ "$asked" = auto ] || grep -q "=$asked" <<< "$ports" \
            || note="  # asked for $asked: this build did not use it" ;;
    esac
    echo "$c: ports ${ports:-unknown }$drops$note"
done
for f in "$WORK"/vigil-*.stats; do
    [ -f "$f" ] || continue
    echo "--- vigil list -n --stats at the end of $(basename "$f" .stats)" >&2; cat "$f" >&2
done
