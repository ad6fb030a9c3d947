#!/bin/bash
# Zero-loss packets/s: the highest rate of 64-byte UDP frames (60 bytes without the FCS) that a director forwards
# without losing one, side by side in one run, for the contenders and setups of bench/pps/run.sh (its lab,
# bench/pps/pps-lab.sh). The paced generator (bench/pps/PacedFrameGenerator.java, a TPACKET TX ring with
# PACKET_QDISC_BYPASS on the client's veth, pinned to GEN_CPU) sends at a given rate in small batches on a
# nanoTime schedule; the sink's nftables counter counts what arrives. A trial: WARMUP seconds at the rate, a pause
# for the frames in flight to land, the sink read, TRIAL seconds at the rate from the next source port (the sink
# counts those apart, so that late warm-up frames never count), the same pause, the sink read again once it stops;
# lost = frames sent in the trial - frames counted + frames the client's veth dropped because the director's
# receive ring was full (the TX ring retries those; a NIC's full receive ring would lose them).
#
# Per contender and setup, a search over the offered rate: round 1 sends at the generator's full speed (the
# saturation figure, and the search's ceiling); round 2 tries 95 % of the rate forwarded at saturation; later rounds
# halve the rate until a trial passes, then bisect (geometrically) the bracket for zero loss, or the one for loss <=
# LOSS_PPM (0.1 %) when that is much wider, until both are narrower than RESOLUTION. A trial passes at the rate it
# actually offered and fails at the rate it asked for. The contenders take turns in every round (the order rotates),
# so that the machine's noise falls on all of them. A self-check first sends through kernel forwarding at a low rate
# and checks that the sink counted every frame. Prints figures; asserts nothing.
#
# usage: bench/pps/zeroloss.sh [ROUNDS] [TRIAL_SECONDS]    (as root; defaults 10 rounds, 3 s trials)
#   CONTENDERS="kernel-fwd kernel-dnat vigil-tpacket vigil-xdp" (any of run.sh's), SETUPS="N1 N2", GEN_CPU, FWD_CPU,
#   BP_DEFER, BP_TIMEOUT_NS as bench/pps/run.sh; WARMUP=3 seconds at the trial's rate before each trial;
#   BATCH=16 frames per kick; LOSS_PPM=1000 the second column's loss; FLOOR_MPPS=0.005 the lowest rate tried;
#   RESOLUTION=0.03 a bracket narrower than 3 % is done; GEN_NICE=-10 the generator's nice value (a generator that
#   other tenants' builds preempt for milliseconds falls behind its schedule: it must not be the bottleneck)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-10}
TRIAL=${2:-3}
WARMUP=${WARMUP:-3}
BATCH=${BATCH:-16}
LOSS_PPM=${LOSS_PPM:-1000}
FLOOR_MPPS=${FLOOR_MPPS:-0.005}
RESOLUTION=${RESOLUTION:-0.03}
GEN_NICE=${GEN_NICE:--10}
PPS_NAME=pps-zeroloss
DEFAULT_CONTENDERS="kernel-fwd kernel-dnat vigil-tpacket vigil-xdp"
. bench/pps/pps-lab.sh

c0_dropped() { on c cat "/sys/class/net/$C0/statistics/tx_dropped"; }

# The sink's counter of trial frames once it has stopped moving for 300 ms (at most 15 s): on a busy machine the
# director's queues can hold frames for longer than the generator's pause.
settled_trial_count() {
    local before now tries=0
    now=$(sink_packets trial)
    while [ $tries -lt 50 ]; do
        before=$now; sleep 0.3; now=$(sink_packets trial); tries=$((tries + 1))
        [ "$now" = "$before" ] && break
    done
    echo "$now"
}

# Whether the generator printed its line WORD; ends the run when it died without.
generator_says() { # word log pid
    grep -qs "^$1 " "$2" && return 0
    local state
    state=$(awk '{ print $3 }' "/proc/$3/stat" 2>/dev/null || true)
    [ -n "$state" ] && [ "$state" != Z ] && return 1   # still running (an ended child stays a zombie until waited)
    grep -qs "^$1 " "$2" && return 0
    echo "the generator ended before its '$1' line; its log $2:" >&2; cat "$2" >&2; exit 1
}

# One trial at RATE frames/s (0: full speed); appends to $WORK/trials "setup contender round asked_mpps
# offered_mpps sent counted lost loss_ppm late full refused pending in_mpps ring_drops dir napi sirq gen cpuGEN
# cpuFWD siFWD fwd_mpps fwd_cores us_per_frame" (rates over the trial's seconds; CPU in cores from the go to the
# trial's end, its pause included; dir, napi "-" when there is none) and prints a summary.
trial() { # setup contender rate
    local setup=$1 c=$2 rate=$3 dst=$RIP port=$RPORT gen napi="" sirq log go rc=0
    case $c in kernel-dnat|vigil-*) dst=$VIP; port=$VPORT ;; esac
    log="$WORK/gen-$setup-$c-r$round.log"; go="$WORK/go-$setup-$c-r$round"
    TOOL_NICE=$GEN_NICE java_tool c "$log" "$GEN_CPU" PacedFrameGenerator "$C0" "$C0_MAC" "$D0_MAC" "$CLIENT" "$dst" \
        $((TRIAL_SPORT - 1)) "$port" \
        "$rate" "$WARMUP" "$TRIAL" "$BATCH" "$go"
    gen=$SPAWNED
    wait_for $((WARMUP + 60)) "the generator's warm-up ($setup $c)" "$log" generator_says warm "$log" "$gen"
    if [ "$setup" = N2 ]; then
        napi=$(napi_thread)
        [ -n "$napi" ] && taskset -p -c "$FWD_CPU" "$napi" > /dev/null
    fi
    sirq=$(pgrep "^ksoftirqd/($GEN_CPU|$FWD_CPU)\$" | tr '\n' ' ')
    local s0 r0 x0 d0 n0 q0 g0 c0 t0 s1 r1 x1 d1 n1 q1 g1 c1 t1
    s0=$(settled_trial_count); r0=$(d0_rx); x0=$(c0_dropped); d0=$(ticks_of $DIRECTOR_PID); n0=$(ticks_of $napi)
    q0=$(ticks_of $sirq); g0=$(ticks_of "$gen"); c0=$(cpu_ticks); t0=$(date +%s%N)
    touch "$go"
    wait_for $((TRIAL + 60)) "the generator's trial ($setup $c)" "$log" generator_says trial "$log" "$gen"
    s1=$(settled_trial_count); r1=$(d0_rx); x1=$(c0_dropped); d1=$(ticks_of $DIRECTOR_PID); n1=$(ticks_of $napi)
    q1=$(ticks_of $sirq); g1=$(ticks_of "$gen"); c1=$(cpu_ticks); t1=$(date +%s%N)
    rm "$go"   # the generator ends
    wait "$gen" || rc=$?
    unspawn "$gen"
    [ "$rc" = 0 ] || { echo "the generator failed ($rc); its log $log:" >&2; cat "$log" >&2; exit 1; }
    # The generator's figures, then the counters: "asked sent nanos late full refused pending".
    local figures
    figures=$(sed -n 's/^trial asked=\([0-9]*\) sent=\([0-9]*\) nanos=\([0-9]*\) late=\([0-9]*\) full=\([0-9]*\) refused=\([0-9]*\) pending=\([0-9]*\)$/\1 \2 \3 \4 \5 \6 \7/p' "$log")
    [ -n "$figures" ] || { echo "no trial line from the generator in $log" >&2; cat "$log" >&2; exit 1; }
    echo "$setup $c $round $figures $s0 $s1 $r0 $r1 $x0 $x1 $((d1 - d0)) $((n1 - n0)) $((q1 - q0)) $((g1 - g0)) $c0 $c1 $(( (t1 - t0) / 1000000 ))" \
        | awk -v hz="$HZ" -v dir="${DIRECTOR_PID:--}" -v napi="${napi:--}" '{
            # $4 asked, $5 sent, $6 nanos, $7-$10 late full refused pending, $11-$12 sink, $13-$14 rx, $15-$16
            # drops, $17-$20 ticks of dir napi sirq gen, $21-$23 and $24-$26 cpu_ticks, $27 ms
            # Lost: what never reached the sink, and every frame the client'"'"'s veth dropped because the director'"'"'s
            # receive ring was full (tpacket_snd retries those, a NIC would lose them).
            trial = $6 / 1e9; w = $27 / 1000; counted = $12 - $11; lost = $5 - counted + $16 - $15
            d = $17 / hz; k = $18 / hz; si = ($26 - $23) / hz
            # The cores the forwarding took: vigil its process and the NAPI kthread; the kernel the NAPI kthread
            # (N2) or the forwarding core'"'"'s softirq share (N1, RPS), where it runs.
            fwd = ($2 ~ /^vigil/) ? (dir == "-" ? 0 : d) + (napi == "-" ? 0 : k) : (napi != "-" ? k : si)
            printf "%s %s %s %.5f %.5f %d %d %d %.0f %d %d %d %d %.4f %d %s %s %.3f %.3f %.3f %.3f %.3f %.5f %.3f %.3f\n",
                $1, $2, $3, $4 / 1e6, $5 / trial / 1e6, $5, counted, lost, ($5 > 0 ? lost * 1e6 / $5 : 0),
                $7, $8, $9, $10, ($14 - $13) / trial / 1e6, $16 - $15,
                dir == "-" ? "-" : sprintf("%.3f", d / w), napi == "-" ? "-" : sprintf("%.3f", k / w),
                $19 / hz / w, $20 / hz / w, ($24 - $21) / hz / w, ($25 - $22) / hz / w, si / w,
                counted / trial / 1e6, fwd / w, (counted > 0 ? fwd / counted * 1e6 : 0) }' >> "$WORK/trials"
    tail -1 "$WORK/trials" | awk '{ printf "%-3s %-14s round %-5s asked %s offered %.4f Mpps: sent %d, counted %d, lost %d (%d ppm; of them ring drops %d; late %d full %d refused %d%s)\n",
        $1, $2, $3, $4 == 0 ? "full speed," : sprintf("%.4f,", $4), $5, $6, $7, $8, $9, $15, $10, $11, $12, $13 ? ", FRAMES LEFT IN THE RING: void" : "" }' >&2
}

# The search's state for one contender and setup from its trials so far, in order (one awk pass, so that the table
# and the next rate agree): "lo0 hi0 lo1 hi1 next", next being the rate to try in Mpps, 0 for full speed or "done".
# lo: the highest rate that passed below every failure (FLOOR_MPPS until one passed); hi: the lowest that failed.
SEARCH='
    function pass(x, which) { if (x > lo[which] && x < hi[which]) { lo[which] = x; best[which] = NR; ok[which] = 1 } }
    function fail(x, which) { if (x < hi[which] && x > lo[which]) hi[which] = x; else if (x <= lo[which]) odd++ }
    BEGIN { lo[0] = lo[1] = floor; hi[0] = hi[1] = -1 }
    $1 == setup && $2 == contender && !$13 {
        n++
        if ($4 == 0) { # the full-speed trial: its offered rate is the ceiling
            sat = NR; top = $5; satfwd = $23; hi[0] = hi[1] = top + 1e-9
            if ($8 == 0) { lo[0] = lo[1] = top; best[0] = best[1] = NR; ok[0] = ok[1] = kept = 1 }
            else if ($9 <= ppm) { lo[1] = top; best[1] = NR; ok[1] = 1 }
            next
        }
        if ($8 == 0) pass($5, 0); else fail($4, 0)
        if ($9 <= ppm) pass($5, 1); else fail($4, 1)
    }
    # Tries just above the rate forwarded at saturation while the ceiling is the only failure, halves the rate until
    # one passes (a search down from the ceiling, not up from the floor), then bisects.
    function middle(which) {
        if (hi[which] == top + 1e-9 && lo[which] < satfwd && satfwd * 1.05 < hi[which]) return satfwd * 1.05
        return !ok[which] && hi[which] / 2 > lo[which] ? hi[which] / 2 : sqrt(lo[which] * hi[which])
    }
    function state(    w0, w1, next_rate) {
        if (!sat) next_rate = 0
        else if (kept || (hi[0] / lo[0] < 1 + resolution && hi[1] / lo[1] < 1 + resolution)) next_rate = "done"
        else if (n == 1 && satfwd * 0.95 > lo[0] && satfwd * 0.95 < hi[0]) next_rate = satfwd * 0.95
        else {
            w0 = hi[0] / lo[0]; w1 = hi[1] / lo[1]
            next_rate = w0 * w0 >= w1 ? middle(0) : middle(1) # zero loss first: the 0.1 % figure only when its
            # bracket is more than the square of the other
        }
        return next_rate
    }
'
search_state() { # setup contender
    awk -v setup="$1" -v contender="$2" -v floor="$FLOOR_MPPS" -v ppm="$LOSS_PPM" -v resolution="$RESOLUTION" \
        "$SEARCH"' END { printf "%s %s %s %s %s\n", lo[0], hi[0], lo[1], hi[1], state() }' "$WORK/trials"
}

# A contender's turn in a round: one trial at the rate its search asks for next, unless its search is done.
search_turn() { # setup contender
    local next
    next=$(search_state "$1" "$2" | cut -d' ' -f5)
    [ "$next" = done ] && return 0
    with_contender "$1" "$2" trial "$1" "$2" "$(awk -v m="$next" 'BEGIN { printf "%.0f", m * 1e6 }')"
}

machine_load
: > "$WORK/trials"
START_LOAD=$LOADAVG

# ------------------------------------------------------------------------------------------------------- self-check
# The generator, checked with the sink's counter through kernel forwarding (N1): at a low rate every frame it
# reports sent must arrive, and at full speed it shows the top rate it offers here.
echo "== self-check: kernel-fwd in N1 at 20 000 frames/s, then at full speed" >&2
self_check() {
    local WARMUP=1 TRIAL=2
    round=check
    trial N1 kernel-fwd 20000
    round=check-full
    trial N1 kernel-fwd 0
}
with_contender N1 kernel-fwd self_check
CHECK=$(awk '$3 == "check" { print $6, $7 }' "$WORK/trials")
read -r check_sent check_counted <<< "$CHECK"
if [ "$check_counted" -eq 0 ] || [ "$check_counted" -gt "$check_sent" ]; then
    echo "zeroloss: the self-check sent $check_sent frames and the sink counted $check_counted: the generator or the" \
         "lab is broken (see $WORK)" >&2
    exit 1
fi
[ "$check_counted" -eq "$check_sent" ] || echo "zeroloss: the self-check lost $((check_sent - check_counted)) of" \
    "$check_sent frames at 20 000/s through kernel forwarding (a busy machine?)" >&2
mv "$WORK/trials" "$WORK/self-check"; : > "$WORK/trials"

# ---------------------------------------------------------------------------------------------------------- search
take_turns "$ROUNDS" search_turn
machine_load

# ----------------------------------------------------------------------------------------------------------- tables
echo
echo "bench/pps/zeroloss: 60-byte UDP frames (64 with FCS), one flow, paced TPACKET generator on cpu$GEN_CPU (batches of"
echo "$BATCH); ${WARMUP}s warm-up + ${TRIAL}s trials, $ROUNDS rounds. Machine: $(nproc) CPUs shared with other tenants; load"
echo "average $START_LOAD at the start, $LOADAVG at the end ($BACKGROUND then)."
awk '{ printf "Self-check (kernel-fwd, N1): %s %d frames sent, %d counted", $4 == 0 ? "full speed:" : sprintf("%.0f/s:", $4 * 1e6), $6, $7
       if ($4 == 0) printf ", offered %.3f Mpps (the generator'"'"'s top rate here), forwarded %.3f", $5, $23
       printf "\n" }' "$WORK/self-check"
for setup in "${setups[@]}"; do
    echo
    setup_title "$setup"
    printf '%-14s %7s %5s %6s %7s %5s %6s %7s %7s %5s %5s %5s %5s %5s %5s %5s %6s %6s %4s\n' contender zl_Mpps x_fwd \
        x_dnat "0.1%" x_fwd x_dnat sat_Mpps offered dir napi sirq gen "cpu$GEN_CPU" "cpu$FWD_CPU" fwd us/pkt Mpps/c trials
    for c in "${contenders[@]}"; do
        awk -v setup="$setup" -v contender="$c" -v floor="$FLOOR_MPPS" -v ppm="$LOSS_PPM" -v resolution="$RESOLUTION" \
            '{ line[NR] = $0 }'"$SEARCH"'
            END {
                if (!sat) exit
                z = ok[0] ? (kept ? ">=" : "") sprintf("%.4f", lo[0]) : "<" floor
                z1 = ok[1] ? (kept ? ">=" : "") sprintf("%.4f", lo[1]) : "<" floor
                split(line[sat], s, " ")
                printf "%s %s %s %s %s %.4f %.4f", contender, lo[0] * ok[0], z, lo[1] * ok[1], z1, s[23], s[5]
                if (ok[0]) { # the CPU of the trial that set the zero-loss figure
                    split(line[best[0]], t, " ")
                    printf " %s %s %.2f %.2f %.2f %.2f %.2f %.2f %.2f", t[16], t[17], t[18], t[19], t[20], t[21], t[24],
                        t[25], (t[25] > 0 ? 1 / t[25] : 0)
                } else printf " - - - - - - - - -"
                printf " %d %d\n", n, odd
            }' "$WORK/trials"
    done > "$WORK/table-$setup"
    awk '
        { row[NR] = $0; name[NR] = $1; z[$1] = $2; z1[$1] = $4 }
        END {
            f = z["kernel-fwd"]; d = z["kernel-dnat"]; f1 = z1["kernel-fwd"]; d1 = z1["kernel-dnat"]
            for (i = 1; i <= NR; i++) {
                split(row[i], r, " ")
                printf "%-14s %7s %5s %6s %7s %5s %6s %7.3f %7.3f %5s %5s %5s %5s %5s %5s %5s %6s %6s %4s\n", r[1], r[3],
                    (f > 0 ? sprintf("%.2f", r[2] / f) : "-"), (d > 0 ? sprintf("%.2f", r[2] / d) : "-"), r[5],
                    (f1 > 0 ? sprintf("%.2f", r[4] / f1) : "-"), (d1 > 0 ? sprintf("%.2f", r[4] / d1) : "-"), r[6], r[7],
                    r[8], r[9], r[10], r[11], r[12], r[13], r[14], r[15], r[16], r[17] (r[18] > 0 ? "*" : "")
            }
        }' "$WORK/table-$setup"
done
echo
echo "zl_Mpps: the highest rate offered in a trial that lost no frame, below every rate that lost one; 0.1%: the same"
echo "with loss <= $LOSS_PPM ppm; >= when the contender lost nothing at the generator's full speed, < when even $FLOOR_MPPS Mpps"
echo "lost. x_fwd, x_dnat: over kernel forwarding's and DNAT's figure in the same setup. sat_Mpps: forwarded at the"
echo "generator's full speed, which offered 'offered'. CPU in cores during the trial that set zl_Mpps (as bench/pps/run.sh):"
echo "dir the vigil process, napi the receiving veth's NAPI kthread (N2), sirq ksoftirqd on both cores, gen the"
echo "generator (with the softirq work it runs), cpu$GEN_CPU/cpu$FWD_CPU each core's busy share (other tenants included); fwd the"
echo "forwarding's cores (vigil: dir + napi; kernel: napi in N2, cpu$FWD_CPU's softirq share in N1), us/pkt fwd per forwarded"
echo "frame, Mpps/c frames per core of fwd. trials: how many the search ran (* when a rate failed below one that passed:"
echo "the machine's noise). Every trial is in the log above; its lost frames include the ring drops, frames the client's"
echo "veth dropped because the director's receive ring was full (the generator's TX ring retried them)."
