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
# The lab (bench/pps/pps-lab.sh, shared with bench/pps/zeroloss.sh) uses 198.18.60.0/24 (client), 198.18.61.0/24
# (real server), VIP 198.18.62.100, in namespaces named vbp-<pid>-*, all removed on exit, also on failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-3}
SECONDS_PER_RUN=${2:-10}
WARMUP=${WARMUP:-3}
PPS_NAME=pps
DEFAULT_CONTENDERS="kernel-fwd kernel-dnat vigil-tpacket vigil-xdp vigil-xdp-bp vigil-xdp-defer"
. bench/pps/pps-lab.sh

# ------------------------------------------------------------------------------------------------------ measurement
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

machine_load

measured_turn() { # setup contender
    with_contender "$1" "$2" measure "$1" "$2"
}
: > "$WORK/runs"
take_turns "$ROUNDS" measured_turn

# ----------------------------------------------------------------------------------------------------------- tables
echo
echo "bench/pps: 60-byte UDP frames (64 with FCS), one flow, BPF_PROG_TEST_RUN XDP_TX generator on cpu$GEN_CPU;"
echo "${SECONDS_PER_RUN}s per run after ${WARMUP}s of traffic, $ROUNDS rounds, medians [min-max]. Machine: $(nproc) CPUs shared"
echo "with other tenants; before the run $BACKGROUND, load average $LOADAVG."
for setup in "${setups[@]}"; do
    echo
    setup_title "$setup"
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
