#!/bin/bash
# Packets/s benchmark: 64-byte UDP frames (60 bytes without the FCS) forwarded through a director at saturation,
# side by side in one run, for
#   kernel-fwd     plain kernel IPv4 forwarding (ip_forward=1): the client sends to the real server itself
#   kernel-dnat    nftables DNAT of VIP:5000 to RIP:5001 (conntrack, one flow)
#   vigil-tpacket  `vigil run` with a UDP virtual_server, lb_kind NAT, vigil.dataplane.backend = tpacket
#   vigil-xdp      the same with backend = xdp (AF_XDP, copy mode on veth)
#   vigil-xdp-bp   backend = xdp and vigil.dataplane.busy-poll = on, with napi_defer_hard_irqs and gro_flush_timeout
#                  set on the director's receiving veth (preferred busy polling)
#   vigil-xdp-defer backend = xdp with those two device settings and no busy polling (what they do alone)
# in two setups (reference/af-xdp.md):
#   N1  the receive softirq on another core than the forwarder: the generator and the director's receiving veth's
#       NAPI on GEN_CPU (as a NIC's interrupt core), the forwarder on FWD_CPU (Vigil's JVM pinned there; the kernel
#       contenders get there through RPS on the receiving veth)
#   N2  the whole dataplane on one core: the receiving veth's NAPI threaded and its kthread pinned to FWD_CPU with
#       the forwarder (the kernel forwards run-to-completion in that kthread)
# The generator cannot be the bottleneck: an XDP program that writes the frame and returns XDP_TX, run with
# BPF_PROG_TEST_RUN on live frames and millions of repeats per call (bench/pps/LiveFrameGenerator.java), pinned to
# GEN_CPU, offers several Mpps; the frames reach the director as xdp_frames, as from a NIC. The sink counts what
# arrives (an nftables netdev-ingress counter that drops it). Contenders take turns in every round (the order
# rotates), so that the machine's noise falls on all of them; the table gives medians over the rounds, min-max,
# the ratios to kernel forwarding and to DNAT, and the CPU each used (/proc/PID/stat, /proc/stat).
# Prints figures; asserts nothing.
#
# usage: bench/pps/run.sh [ROUNDS] [SECONDS]           (as root; defaults 3 rounds of 10 s per contender and setup)
#   CONTENDERS="kernel-fwd kernel-dnat vigil-tpacket vigil-xdp vigil-xdp-bp vigil-xdp-defer" picks and orders them
#   SETUPS="N1 N2" picks the setups; WARMUP=S seconds of traffic before each measurement (default 3)
#   GEN_CPU=0 FWD_CPU=1 the two cores; BP_DEFER=2 BP_TIMEOUT_NS=200000 the device settings of vigil-xdp-bp/-defer
# The lab uses 198.18.60.0/24 (client), 198.18.61.0/24 (real server), VIP 198.18.62.100, in namespaces named
# vbp-<pid>-*, all removed on exit, also on failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-3}
SECONDS_PER_RUN=${2:-10}
WARMUP=${WARMUP:-3}
GEN_CPU=${GEN_CPU:-0}
FWD_CPU=${FWD_CPU:-1}
BP_DEFER=${BP_DEFER:-2}
BP_TIMEOUT_NS=${BP_TIMEOUT_NS:-200000}
. bench/lab.sh
lab_begin vbp pps "c m s"
lab_require bench/pps ip nft taskset ethtool

CLIENT=198.18.60.1
DIRECTOR_IN=198.18.60.2
DIRECTOR_OUT=198.18.61.2
RIP=198.18.61.1
VIP=198.18.62.100
VPORT=5000
RPORT=5001
HZ=$(getconf CLK_TCK)
# The director's receiving veth has a name of this run's own: its NAPI kthread is "napi/<name>-<id>".
ID=$(( $$ % 1000 ))
C0=gen$ID; D0=dx$ID; D1=dy$ID; S0=snk$ID

contenders=(${CONTENDERS:-kernel-fwd kernel-dnat vigil-tpacket vigil-xdp vigil-xdp-bp vigil-xdp-defer})
setups=(${SETUPS:-N1 N2})
for c in "${contenders[@]}"; do
    case $c in kernel-fwd|kernel-dnat|vigil-tpacket|vigil-xdp|vigil-xdp-bp|vigil-xdp-defer) ;;
        *) echo "bench/pps: unknown contender '$c' in CONTENDERS (expected kernel-fwd, kernel-dnat," \
               "vigil-tpacket, vigil-xdp, vigil-xdp-bp, vigil-xdp-defer)" >&2; exit 2 ;;
    esac
done
for s in "${setups[@]}"; do
    case $s in N1|N2) ;; *) echo "bench/pps: unknown setup '$s' in SETUPS (expected N1, N2)" >&2; exit 2 ;; esac
done

# ------------------------------------------------------------------------------------- the Java tools, compiled once
jdk=""
for j in ${JAVA_HOME:-} /usr/lib/jvm/*; do
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$j/release" 2>/dev/null || true)
    if [ -n "$v" ] && [ "$v" -ge 25 ] && [ -x "$j/bin/javac" ]; then jdk=$j; break; fi
done
[ -n "$jdk" ] || { echo "bench/pps: no JDK 25 or newer with javac (JAVA_HOME, /usr/lib/jvm/*)" >&2; exit 1; }
LIB=${VIGIL_LIB:-director/target}/lib   # VIGIL_LIB (the launcher's too): a copy of the build to run from
MODULES=$(ls "$LIB"/vigil-dataplane-*.jar "$LIB"/agrona-*.jar "$LIB"/slf4j-api-*.jar | tr '\n' ':')
"$jdk/bin/javac" -p "$MODULES" --add-modules io.vigil.dataplane -d "$WORK/classes" \
    bench/pps/LiveFrameGenerator.java bench/pps/XdpPassHolder.java
java_tool() { # ns log cpu class args...: runs a tool pinned to a core; SPAWNED is its PID
    local ns=$1 log=$2 cpu=$3; shift 3
    spawn "$ns" "$log" taskset -c "$cpu" "$jdk/bin/java" -XX:+UseSerialGC -Xmx64m -p "$MODULES" \
        --add-modules io.vigil.dataplane --enable-native-access=io.vigil.dataplane -cp "$WORK/classes" "$@"
}

# Stops a process this script started and forgets it (so that the exit trap never kills a reused PID).
unspawn() { # pid
    stop_pid "$1"
    local kept=() p
    for p in "${PIDS[@]}"; do [ "$p" = "$1" ] || kept+=("$p"); done
    PIDS=("${kept[@]}")
}

# ------------------------------------------------------------------------------------------------------------ the lab
# c $C0 .60.1 ── $D0 .60.2 [m] $D1 .61.2 ── $S0 .61.1 [s], VIP .62.100 on m's $D0; s routes back through m.
lab_namespaces
ip -n "$P-c" link add "$C0" type veth peer name "$D0" netns "$P-m"
ip -n "$P-m" link add "$D1" type veth peer name "$S0" netns "$P-s"
on c ip addr add "$CLIENT/24" dev "$C0"; on c ip link set "$C0" up
on m ip addr add "$DIRECTOR_IN/24" dev "$D0"; on m ip addr add "$VIP/32" dev "$D0"; on m ip link set "$D0" up
on m ip addr add "$DIRECTOR_OUT/24" dev "$D1"; on m ip link set "$D1" up
on s ip addr add "$RIP/24" dev "$S0"; on s ip link set "$S0" up; on s ip route add default via "$DIRECTOR_OUT"
on m sysctl -qw net.ipv4.ip_forward=0 net.ipv4.conf.all.send_redirects=0
# GRO on $D0 gives it its NAPI before any XDP program comes (an XDP program turns GRO on anyway). This matters for
# busy polling: since 6.13 a NAPI gets its id when enabled, and a veth that enables its NAPI together with the
# first XDP program registers its XDP receive queue with id 0, so an AF_XDP socket never learns which NAPI to poll.
on m ethtool -K "$D0" gro on
mac_of() { on "$1" cat "/sys/class/net/$2/address"; }
C0_MAC=$(mac_of c "$C0"); D0_MAC=$(mac_of m "$D0"); S0_MAC=$(mac_of s "$S0")
# Static neighbours: no ARP in the measured path, for any contender.
on m ip neigh replace "$RIP" lladdr "$S0_MAC" dev "$D1" nud permanent
on m ip neigh replace "$CLIENT" lladdr "$C0_MAC" dev "$D0" nud permanent
on s nft -f - <<NFT
table netdev bench_pps {
    counter sink { }
    chain ingress {
        type filter hook ingress device "$S0" priority 0; policy accept;
        ip daddr $RIP udp dport $RPORT counter name "sink" drop
    }
}
NFT
sink_packets() { on s nft list counter netdev bench_pps sink | awk '$1 == "packets" { print $2 }'; }
d0_rx() { on m cat "/sys/class/net/$D0/statistics/rx_packets"; }
# Frames the director's sockets took in by busy polling (TcpExt BusyPollRxPackets of namespace m, all sockets).
busy_polled() { on m awk '$1 == "TcpExt:" { if (!n) { n = split($0, h, " ") } else { for (i = 1; i <= NF; i++)
    if (h[i] == "BusyPollRxPackets") print $i } }' /proc/net/netstat; }

# ---------------------------------------------------------------------------------------------------- the contenders
vigil_config() {
    cat <<CONF
global_defs {
    router_id bench_pps
}
! No vrrp_instance: the VIP is on m's $D0 and Vigil forwards from the start. No checker: the real server is up.
virtual_server $VIP $VPORT {
    lb_algo rr
    lb_kind NAT
    protocol UDP
    real_server $RIP $RPORT {
        weight 1
    }
}
CONF
}

vigil_pool_ready() { # name
    local list
    list=$(vigil_list "$1" 2>/dev/null) || return 1
    grep -q -- "-> $RIP:$RPORT" <<< "$list"
}

DIRECTOR_PID=""; HOLDER_PID=""
contender_up() { # contender setup; sets DIRECTOR_PID (a Vigil daemon) or HOLDER_PID (the XDP_PASS holder)
    DIRECTOR_PID=""; HOLDER_PID=""
    case $1 in
        kernel-*|vigil-tpacket)
            # A veth takes XDP_TX'd frames from its peer only with a NAPI: an XDP_PASS program gives it one.
            java_tool m "$WORK/holder.log" "$GEN_CPU" XdpPassHolder "$D0"
            HOLDER_PID=$SPAWNED
            wait_for 30 "the XDP_PASS holder" "$WORK/holder.log" grep -q attached "$WORK/holder.log" ;;
    esac
    case $1 in
        kernel-fwd) on m sysctl -qw net.ipv4.ip_forward=1 ;;
        kernel-dnat)
            on m sysctl -qw net.ipv4.ip_forward=1
            on m nft -f - <<NFT
table ip bench_pps {
    chain prerouting {
        type nat hook prerouting priority dstnat; policy accept;
        ip daddr $VIP udp dport $VPORT dnat to $RIP:$RPORT
    }
}
NFT
            ;;
        vigil-*)
            local name="$1-$2-r$round" opts
            case $1 in
                vigil-tpacket) opts="-Dvigil.dataplane.backend=tpacket" ;;
                vigil-xdp|vigil-xdp-defer) opts="-Dvigil.dataplane.backend=xdp" ;;
                vigil-xdp-bp) opts="-Dvigil.dataplane.backend=xdp -Dvigil.dataplane.busy-poll=on" ;;
            esac
            vigil_config > "$WORK/$name.conf"
            VIGIL_JAVA_OPTS="${VIGIL_JAVA_OPTS:-} $opts" start_vigil "$name" "$WORK/$name.conf" vigil_pool_ready "$name"
            DIRECTOR_PID=$VIGIL_PID
            taskset -a -p -c "$FWD_CPU" "$DIRECTOR_PID" > /dev/null ;;
    esac
}

contender_down() { # contender setup
    case $1 in
        kernel-dnat) on m nft delete table ip bench_pps ;;
        vigil-*) vigil_list "$1-$2-r$round" --stats > "$WORK/$1-$2-r$round.stats" 2>&1 || true ;;
    esac
    [ -n "$DIRECTOR_PID" ] && unspawn "$DIRECTOR_PID"
    [ -n "$HOLDER_PID" ] && unspawn "$HOLDER_PID"
    on m sysctl -qw net.ipv4.ip_forward=0
    DIRECTOR_PID=""; HOLDER_PID=""
}

# --------------------------------------------------------------------------------------------------------- the setups
# Before the contender attaches XDP to $D0: RPS to the forwarder's core for N1's kernel contenders, the
# busy-polling device settings for vigil-xdp-bp and vigil-xdp-defer.
setup_before() { # setup contender
    local rps=0 defer=0 timeout=0
    if [ "$1" = N1 ] && [[ $2 == kernel-* ]]; then rps=$(printf '%x' $(( 1 << FWD_CPU ))); fi
    case $2 in vigil-xdp-bp|vigil-xdp-defer) defer=$BP_DEFER; timeout=$BP_TIMEOUT_NS ;; esac
    on m sh -c "echo $rps > /sys/class/net/$D0/queues/rx-0/rps_cpus &&
        echo $defer > /sys/class/net/$D0/napi_defer_hard_irqs && echo $timeout > /sys/class/net/$D0/gro_flush_timeout"
}

# Once the contender attached XDP to $D0 (its NAPI comes with the program; a device without one refuses the
# setting): threaded NAPI for N2, softirq NAPI for N1, always said explicitly (the setting outlives a detach).
setup_after() { # setup
    local threaded=0
    [ "$1" = N2 ] && threaded=1
    on m sh -c "echo $threaded > /sys/class/net/$D0/threaded"
}

# The NAPI kthread of $D0 (N2), once traffic flows: pinned to the forwarder's core. Prints its PID or nothing.
napi_thread() {
    pgrep "^napi/$D0-" | head -1
}

# ------------------------------------------------------------------------------------------------------ measurement
cpu_ticks() { # "cpuGEN_busy cpuFWD_busy cpuFWD_softirq" in ticks (/proc/stat: user nice system irq softirq steal)
    awk -v g="cpu$GEN_CPU" -v f="cpu$FWD_CPU" '$1 == g { gb = $2 + $3 + $4 + $7 + $8 + $9 }
        $1 == f { fb = $2 + $3 + $4 + $7 + $8 + $9; fs = $8 } END { print gb, fb, fs }' /proc/stat
}
ticks_of() { # pid...: utime+stime summed, 0 for none
    local p s=0 t
    for p in "$@"; do t=$(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0); s=$((s + t)); done
    echo "$s"
}

# One measured run; appends "setup contender round mpps in_mpps dir_cores napi_cores sirq_cores gen_cores
# cpuGEN cpuFWD busy_polled_mpps softirqFWD offered_mpps" to $WORK/runs.
measure() { # setup contender
    local setup=$1 c=$2 dst=$RIP port=$RPORT gen napi="" sirq
    case $c in kernel-dnat|vigil-*) dst=$VIP; port=$VPORT ;; esac
    java_tool c "$WORK/gen-$setup-$c-r$round.log" "$GEN_CPU" LiveFrameGenerator "$C0" "$C0_MAC" "$D0_MAC" \
        "$CLIENT" "$dst" 1024 "$port"
    gen=$SPAWNED
    local first; first=$(sink_packets)
    wait_for 60 "traffic at the sink ($setup $c)" "$WORK/gen-$setup-$c-r$round.log" \
        sh -c "[ \$(ip netns exec $P-s nft list counter netdev bench_pps sink | awk '\$1 == \"packets\" { print \$2 }') -gt $((first + 1000)) ]"
    if [ "$setup" = N2 ]; then
        napi=$(napi_thread)
        [ -n "$napi" ] && taskset -p -c "$FWD_CPU" "$napi" > /dev/null
    fi
    sleep "$WARMUP"
    sirq=$(pgrep "^ksoftirqd/($GEN_CPU|$FWD_CPU)\$" | tr '\n' ' ')
    local s0 r0 d0 n0 q0 g0 c0 t0 s1 r1 d1 n1 q1 g1 c1 t1 b0 b1
    b0=$(busy_polled); s0=$(sink_packets); r0=$(d0_rx); d0=$(ticks_of $DIRECTOR_PID); n0=$(ticks_of $napi); q0=$(ticks_of $sirq)
    g0=$(ticks_of "$gen"); c0=$(cpu_ticks); t0=$(date +%s%N)
    sleep "$SECONDS_PER_RUN"
    s1=$(sink_packets); r1=$(d0_rx); b1=$(busy_polled); d1=$(ticks_of $DIRECTOR_PID); n1=$(ticks_of $napi); q1=$(ticks_of $sirq)
    g1=$(ticks_of "$gen"); c1=$(cpu_ticks); t1=$(date +%s%N)
    unspawn "$gen"
    # What the generator offered: its calls' frames over their time ("sent N frames in T ms"), 0 before one ended.
    local offered
    offered=$(awk '$1 == "sent" { n += $2; t += $5 } END { print (t > 0 ? n / t / 1000 : 0) }' \
        "$WORK/gen-$setup-$c-r$round.log")
    echo "$setup $c $round $s0 $s1 $r0 $r1 $((d1 - d0)) $((n1 - n0)) $((q1 - q0)) $((g1 - g0)) $c0 $c1 $(( (t1 - t0) / 1000000 )) $((b1 - b0)) $offered" \
        | awk -v hz="$HZ" -v dir="${DIRECTOR_PID:--}" -v napi="${napi:--}" '{
            s = $18 / 1000
            printf "%s %s %s %.4f %.4f %s %s %.3f %.3f %.3f %.3f %.4f %.3f %.3f\n", $1, $2, $3, ($5 - $4) / s / 1e6,
                ($7 - $6) / s / 1e6, dir == "-" ? "-" : sprintf("%.3f", $8 / hz / s),
                napi == "-" ? "-" : sprintf("%.3f", $9 / hz / s), $10 / hz / s, $11 / hz / s, ($15 - $12) / hz / s,
                ($16 - $13) / hz / s, $19 / s / 1e6, ($17 - $14) / hz / s, $20 }' >> "$WORK/runs"
    tail -1 "$WORK/runs" | awk '{ printf "%-3s %-14s round %s: %.3f Mpps at the sink (%.3f into the director)\n", $1, $2, $3, $4, $5 }' >&2
}

# The machine's load before the lab works: what other tenants cost every contender alike.
m0=$(machine_ticks); sleep 3; m1=$(machine_ticks)
BACKGROUND=$(echo "$m0 $m1" | awk -v hz="$HZ" '{ printf "%.2f busy cores", ($3 - $1) / hz / 3 }')
LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)

: > "$WORK/runs"
n=${#contenders[@]}
for round in $(seq 1 "$ROUNDS"); do
    echo "== round $round of $ROUNDS" >&2
    for setup in "${setups[@]}"; do
        for i in $(seq 0 $((n - 1))); do
            contender=${contenders[$(( (i + round - 1) % n ))]}
            setup_before "$setup" "$contender"
            contender_up "$contender" "$setup"
            setup_after "$setup"
            measure "$setup" "$contender"
            contender_down "$contender" "$setup"
        done
    done
done

# ----------------------------------------------------------------------------------------------------------- tables
echo
echo "bench/pps: 60-byte UDP frames (64 with FCS), one flow, BPF_PROG_TEST_RUN XDP_TX generator on cpu$GEN_CPU;"
echo "${SECONDS_PER_RUN}s per run after ${WARMUP}s of traffic, $ROUNDS rounds, medians [min-max]. Machine: $(nproc) CPUs shared"
echo "with other tenants; before the run $BACKGROUND, load average $LOADAVG."
for setup in "${setups[@]}"; do
    echo
    case $setup in
        N1) echo "N1: generator and the receiving veth's NAPI (softirq) on cpu$GEN_CPU, forwarder on cpu$FWD_CPU (kernel: RPS)" ;;
        N2) echo "N2: the receiving veth's NAPI threaded, its kthread on cpu$FWD_CPU with the forwarder (one core for the dataplane)" ;;
    esac
    printf '%-14s %6s %13s %5s %6s %7s %5s %5s %5s %5s %5s %5s %5s %5s %6s %6s %7s %7s\n' contender Mpps min-max x_fwd \
        x_dnat in_Mpps dir napi sirq gen "cpu$GEN_CPU" "cpu$FWD_CPU" "si$FWD_CPU" fwd us/pkt Mpps/c bp_Mpps offered
    awk -v setup="$setup" -v order="${contenders[*]}" '
        function median(list,    v, k, t, i, j) {
            k = split(list, v, " "); for (i = 1; i <= k; i++) v[i] += 0
            for (i = 2; i <= k; i++) {
                t = v[i]; for (j = i - 1; j >= 1 && v[j] > t; j--) v[j + 1] = v[j]; v[j + 1] = t
            }
            return k % 2 ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2
        }
        $1 == setup {
            c = $2; mpps[c] = mpps[c] " " $4; inp[c] = inp[c] " " $5
            if ($6 != "-") dir[c] = dir[c] " " $6
            if ($7 != "-") napi[c] = napi[c] " " $7
            sirq[c] = sirq[c] " " $8; gen[c] = gen[c] " " $9; cg[c] = cg[c] " " $10; cf[c] = cf[c] " " $11
            bp[c] = bp[c] " " $12; si[c] = si[c] " " $13; off[c] = off[c] " " $14
            # The cores the forwarding took: the vigil process and the NAPI kthread; for the kernel, the NAPI
            # kthread (N2) or the softirq share of the forwarding core (N1, RPS), where it runs.
            cost = (c ~ /^vigil/) ? ($6 == "-" ? 0 : $6) + ($7 == "-" ? 0 : $7) : ($7 != "-" ? $7 : $13)
            fwd[c] = fwd[c] " " cost; upp[c] = upp[c] " " ($4 > 0 ? cost / $4 : 0)
            mpc[c] = mpc[c] " " (cost > 0 ? $4 / cost : 0)
            if (!(c in lo) || $4 < lo[c]) lo[c] = $4
            if (!(c in hi) || $4 > hi[c]) hi[c] = $4
        }
        END {
            f = ("kernel-fwd" in mpps) ? median(mpps["kernel-fwd"]) : 0
            d = ("kernel-dnat" in mpps) ? median(mpps["kernel-dnat"]) : 0
            n = split(order, names, " ")
            for (i = 1; i <= n; i++) {
                c = names[i]; if (!(c in mpps)) continue; m = median(mpps[c])
                printf "%-14s %6.3f %6.3f-%-6.3f %5s %6s %7.3f %5s %5s %5.2f %5.2f %5.2f %5.2f %5.2f %5.2f %6.2f %6.2f %7.3f %7.2f\n",
                    c, m, lo[c], hi[c], f ? sprintf("%.2f", m / f) : "-", d ? sprintf("%.2f", m / d) : "-", median(inp[c]),
                    (c in dir) ? sprintf("%.2f", median(dir[c])) : "-", (c in napi) ? sprintf("%.2f", median(napi[c])) : "-",
                    median(sirq[c]), median(gen[c]), median(cg[c]), median(cf[c]), median(si[c]), median(fwd[c]),
                    median(upp[c]), median(mpc[c]), median(bp[c]), median(off[c])
            }
        }' "$WORK/runs"
done
echo
echo "Mpps: frames counted at the sink per second; x_fwd, x_dnat: over kernel forwarding's and DNAT's median in the"
echo "same setup; in_Mpps: frames the director's receiving veth took in (rx_packets). CPU in cores while measured:"
echo "dir: the vigil process (all threads); napi: the receiving veth's NAPI kthread (N2); sirq: ksoftirqd on both"
echo "cores; gen: the generator (with the softirq work it runs); cpu$GEN_CPU, cpu$FWD_CPU: each core's busy share (/proc/stat,"
echo "other tenants included); si$FWD_CPU: cpu$FWD_CPU's softirq share. fwd: the cores the forwarding took (vigil: dir + napi;"
echo "kernel: napi in N2, si$FWD_CPU in N1); us/pkt: fwd per forwarded frame; Mpps/c: Mpps per core of fwd, the figure that"
echo "holds up when other tenants take the cores (softirq work is not shared out by the scheduler, a thread is)."
echo "offered: the generator's Mpps (its BPF_PROG_TEST_RUN calls' frames over their time). bp_Mpps: frames taken in by busy"
echo "polling (BusyPollRxPackets of the director's namespace): 0 means the kernel never let a socket busy-poll."
for f in "$WORK"/vigil-*.stats; do
    [ -f "$f" ] || continue
    echo "--- vigil list -n --stats at the end of $(basename "$f" .stats)" >&2; cat "$f" >&2
done
