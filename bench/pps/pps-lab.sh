# bench/pps/pps-lab.sh: the lab that bench/pps/run.sh (saturation) and bench/pps/zeroloss.sh (zero-loss search)
# share. Source it from bash after `cd` to the repository root, with PPS_NAME (the work directory is
# /tmp/vigil-bench-PPS_NAME.*) and DEFAULT_CONTENDERS set. It builds the three namespaces and the veths, compiles
# the Java tools, and defines the contenders (contender_up, contender_down, with_contender), the setups
# (setup_before, setup_after, napi_thread, setup_title), the rounds (take_turns), the counters (sink_packets,
# d0_rx, busy_polled) and the CPU clocks (cpu_ticks, ticks_of, machine_load). Everything goes on exit
# (bench/lab.sh).
#
# The lab uses 198.18.60.0/24 (client), 198.18.61.0/24 (real server), VIP 198.18.62.100, in namespaces named
# vbp-<pid>-*, all removed on exit, also on failure.
#   CONTENDERS="kernel-fwd kernel-dnat vigil-tpacket vigil-xdp vigil-xdp-bp vigil-xdp-defer" picks and orders them
#   SETUPS="N1 N2" picks the setups; GEN_CPU=0 FWD_CPU=1 the two cores;
#   BP_DEFER=2 BP_TIMEOUT_NS=200000 the device settings of vigil-xdp-bp and vigil-xdp-defer
GEN_CPU=${GEN_CPU:-0}
FWD_CPU=${FWD_CPU:-1}
BP_DEFER=${BP_DEFER:-2}
BP_TIMEOUT_NS=${BP_TIMEOUT_NS:-200000}
. bench/lab.sh
lab_begin vbp "$PPS_NAME" "c m s"
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

contenders=(${CONTENDERS:-$DEFAULT_CONTENDERS})
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
compile_tools bench/pps bench/pps/LiveFrameGenerator.java bench/pps/PacedFrameGenerator.java bench/pps/UdpFrame.java \
    bench/pps/XdpPassHolder.java
java_tool() { # ns log cpu class args...: runs a tool pinned to a core (at TOOL_NICE, default 0); SPAWNED is its PID
    local ns=$1 log=$2 cpu=$3; shift 3
    spawn "$ns" "$log" nice -n "${TOOL_NICE:-0}" taskset -c "$cpu" "$jdk/bin/java" -XX:+UseSerialGC -Xmx64m -p "$MODULES" \
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
# The sink counts what arrives and drops it; frames from source port TRIAL_SPORT (zeroloss.sh's trial phase) have
# a counter of their own, so that frames of its warm-up that arrive late never count in a trial.
TRIAL_SPORT=1025
on s nft -f - <<NFT
table netdev bench_pps {
    counter sink { }
    counter trial { }
    chain ingress {
        type filter hook ingress device "$S0" priority 0; policy accept;
        ip daddr $RIP udp dport $RPORT udp sport $TRIAL_SPORT counter name "trial" drop
        ip daddr $RIP udp dport $RPORT counter name "sink" drop
    }
}
NFT
sink_packets() { on s nft list counter netdev bench_pps "${1:-sink}" | awk '$1 == "packets" { print $2 }'; }
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

# ------------------------------------------------------------------------------------------------------------ turns
# Runs COMMAND... with the contender up in the setup, and tears it down after.
with_contender() { # setup contender command...
    local setup=$1 contender=$2
    shift 2
    setup_before "$setup" "$contender"
    contender_up "$contender" "$setup"
    setup_after "$setup"
    "$@"
    contender_down "$contender" "$setup"
}

# ROUNDS rounds in which every setup gives each contender a turn, the order rotating from round to round so that
# the machine's noise falls on all of them: calls TURN SETUP CONTENDER with the global round set.
take_turns() { # rounds turn
    local n=${#contenders[@]} i setup
    for round in $(seq 1 "$1"); do
        echo "== round $round of $1" >&2
        for setup in "${setups[@]}"; do
            for i in $(seq 0 $((n - 1))); do
                "$2" "$setup" "${contenders[$(( (i + round - 1) % n ))]}"
            done
        done
    done
}

setup_title() { # setup
    case $1 in
        N1) echo "N1: generator and the receiving veth's NAPI (softirq) on cpu$GEN_CPU, forwarder on cpu$FWD_CPU (kernel: RPS)" ;;
        N2) echo "N2: the receiving veth's NAPI threaded, its kthread on cpu$FWD_CPU with the forwarder (one core for the dataplane)" ;;
    esac
}

# The machine's load before the lab works, what other tenants cost every contender alike: sets BACKGROUND (busy
# cores over 3 s) and LOADAVG.
machine_load() {
    local m0 m1
    m0=$(machine_ticks); sleep 3; m1=$(machine_ticks)
    BACKGROUND=$(echo "$m0 $m1" | awk -v hz="$HZ" '{ printf "%.2f busy cores", ($3 - $1) / hz / 3 }')
    LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)
}
