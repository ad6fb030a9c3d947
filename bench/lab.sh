# bench/lab.sh: the namespace lab that the wrk benchmarks share (bench/forwarding, bench/http). Source it from bash
# after `cd` to the repository root, then call lab_begin. It keeps every PID it starts in PIDS and, on exit (also on
# failure), kills those PIDs and whatever runs inside its namespaces, deletes the namespaces and the work directory.
#
# Hosts hang off bridges in a switch namespace "$P-sw" by veth pairs, as hosts on a LAN. Only 198.18.0.0/15 goes in.

# lab_begin PREFIX NAME "NAMESPACES": namespaces are PREFIX-<pid>-<ns>; files go to a fresh /tmp/vigil-bench-NAME.*.
lab_begin() {
    P="$1-$$"
    WORK=$(mktemp -d "/tmp/vigil-bench-$2.XXXXXX")
    LAB_NAMESPACES=$3
    PIDS=()
    trap lab_cleanup EXIT
    trap 'exit 143' TERM HUP   # bash runs the EXIT trap on exit, not on a fatal signal
    trap 'exit 130' INT
}

lab_cleanup() {
    for pid in "${PIDS[@]:-}"; do
        [ -n "$pid" ] || continue
        kill -9 "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true   # reaped quietly, without the shell's "Killed" notice
    done
    lab_teardown
    rm -rf "$WORK"
}

# Kills what runs in the namespaces (only they hold it) and deletes them.
lab_teardown() {
    for ns in $LAB_NAMESPACES; do
        for pid in $(ip netns pids "$P-$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
        ip netns delete "$P-$ns" 2>/dev/null || true
    done
}

# compile_tools WHO SOURCE...: compiles bench Java tools against the dataplane module into $WORK/classes, with a JDK
# 25 or newer that has javac ($JAVA_HOME, else the first under /usr/lib/jvm). Sets jdk (its home) and MODULES (the
# module path, from VIGIL_LIB, the launcher's too: a copy of the build to run from). WHO names the caller in errors.
compile_tools() {
    local who=$1 j v lib
    shift
    jdk=""
    for j in ${JAVA_HOME:-} /usr/lib/jvm/*; do
        v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$j/release" 2>/dev/null || true)
        if [ -n "$v" ] && [ "$v" -ge 25 ] && [ -x "$j/bin/javac" ]; then jdk=$j; break; fi
    done
    [ -n "$jdk" ] || { echo "$who: no JDK 25 or newer with javac (JAVA_HOME, /usr/lib/jvm/*)" >&2; exit 1; }
    lib=${VIGIL_LIB:-director/target}/lib
    MODULES=$(ls "$lib"/vigil-dataplane-*.jar "$lib"/agrona-*.jar "$lib"/slf4j-api-*.jar | tr '\n' ':')
    "$jdk/bin/javac" -p "$MODULES" --add-modules io.vigil.dataplane -d "$WORK/classes" "$@"
}

lab_require() { # bench tool...
    local bench=$1 tool; shift
    for tool in "$@"; do
        command -v "$tool" >/dev/null || { echo "$bench: $tool is missing (see bench/README.md)" >&2; exit 1; }
    done
    [ -f director/target/vigil.jar ] || mvn -q -B -DskipTests -pl director -am package
}

on() { local ns=$1; shift; ip netns exec "$P-$ns" "$@"; }

# Every namespace of the lab with lo up, and in "$P-sw" the named bridges.
lab_namespaces() { # bridge...
    local ns br
    for ns in $LAB_NAMESPACES; do ip netns add "$P-$ns"; ip -n "$P-$ns" link set lo up; done
    for br in "$@"; do ip -n "$P-sw" link add "$br" type bridge; ip -n "$P-sw" link set "$br" up; done
}

# A host's interface eth<N> (default eth0) on a bridge; the switch side is called <ns>-<bridge>.
port() { # bridge ns [N]
    ip -n "$P-sw" link add "$2-$1" type veth peer name "eth${3:-0}" netns "$P-$2"
    ip -n "$P-sw" link set "$2-$1" master "$1"
    ip -n "$P-sw" link set "$2-$1" up
    ip -n "$P-$2" link set "eth${3:-0}" up
}

# Runs a program in a namespace in the background and records its PID. ip netns exec execs the program, so $! is
# the program's own PID (a shell function in the background would be a subshell's).
spawn() { # ns log command...
    local ns=$1 log=$2; shift 2
    ip netns exec "$P-$ns" "$@" > "$log" 2>&1 &
    SPAWNED=$!
    PIDS+=("$SPAWNED")
}

# nginx on a real server, on :80 (DR keeps the port) and :8080 (NAT changes it), one worker, no access log; the
# page is "served by <ns>" (15 bytes).
nginx_on() { # ns
    local d="$WORK/nginx-$1"
    mkdir -p "$d/www"
    echo "served by $1" > "$d/www/index.html"
    cat > "$d/nginx.conf" <<CONF
user root;
worker_processes 1;
pid $d/nginx.pid;
error_log $d/error.log;
events { worker_connections 4096; }
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
    spawn "$1" "$d/out.log" nginx -c "$d/nginx.conf" -g "daemon off;"
    wait_for 10 "nginx in $1" "$d/error.log" on "$1" curl -sf -o /dev/null http://127.0.0.1:8080/
}

# Retries a command every 0.25 s until it succeeds; after SECONDS prints what and LOG, and exits.
wait_for() { # seconds what log command...
    local seconds=$1 what=$2 log=$3; shift 3
    local until=$(( $(date +%s) + seconds ))
    until "$@"; do
        if [ "$(date +%s)" -ge "$until" ]; then
            echo "$what is not ready after ${seconds}s; its log $log:" >&2; cat "$log" >&2 || true; exit 1
        fi
        sleep 0.25
    done
}

# `vigil run` in namespace m as an operator starts it, with its state (control socket, pid file) in
# $WORK/state-NAME, until READY (a command) succeeds; leaves the daemon's PID in VIGIL_PID. VIGIL_JAVA_OPTS
# (e.g. -Dvigil.dataplane.backend=xdp) passes through the launcher.
start_vigil() { # name config ready-command...
    local name=$1 conf=$2; shift 2
    spawn m "$WORK/vigil-$name.log" packaging/bin/vigil run -f "$conf" --state-dir "$WORK/state-$name"
    VIGIL_PID=$SPAWNED
    local until=$(( $(date +%s) + 60 ))
    until "$@"; do
        if [ "$(date +%s)" -ge "$until" ] || ! kill -0 "$VIGIL_PID" 2>/dev/null; then
            echo "vigil ($name) did not get ready:" >&2; cat "$WORK/vigil-$name.log" >&2; exit 1
        fi
        sleep 0.25
    done
}

vigil_list() { # name [list options]
    local name=$1; shift
    on m packaging/bin/vigil list -n "$@" --state-dir "$WORK/state-$name"
}

# SIGTERM (the daemon removes its steering), then -9 after 5 s.
stop_pid() { # pid
    kill -TERM "$1" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

# CPU time of a process, all threads: utime + stime in clock ticks (/proc/PID/stat fields 14 and 15).
process_ticks() { # pid
    awk '{ print $14 + $15 }' "/proc/$1/stat"
}

# CPU time of the whole machine in clock ticks (/proc/stat "cpu" line): "busy system+irq+softirq", where busy is
# everything but idle and iowait.
machine_ticks() {
    awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9, $4 + $7 + $8; exit }' /proc/stat
}

# CPU time of the lab in clock ticks: every process in its namespaces, and the kernel's softirq threads
# (ksoftirqd/N, which take packet processing over under load). Without CONFIG_IRQ_TIME_ACCOUNTING, a softirq that
# runs in a process's context (veth delivery, forwarding, NAT) is charged to that process, so this is the cost of
# the lab's work without the rest of the machine's; short-lived processes (wrk) are counted by wrk_run.
lab_ticks() {
    local ns pid
    for pid in $( { for ns in $LAB_NAMESPACES; do ip netns pids "$P-$ns" 2>/dev/null; done; pgrep '^ksoftirqd/'; } ); do
        cat "/proc/$pid/stat" 2>/dev/null || true
    done | awk '{ s += $14 + $15 } END { print s + 0 }'
}

# wrk from namespace c; the raw output goes to $WORK/NAME.wrk and "requests/s p50_ms p99_ms errors cpu_s" to
# $WORK/NAME.result, errors being socket errors plus non-2xx/3xx responses and cpu_s wrk's user+system seconds.
wrk_run() { # name url [wrk options]
    local name=$1 url=$2; shift 2
    # shellcheck disable=SC2016  # $@ is the inner shell's
    # In the background and waited for, so that a signal ends the run at once rather than after wrk.
    on c bash -c 'TIMEFORMAT="wrk cpu %3U %3S"; time wrk "$@"' wrk "$@" --latency "$url" > "$WORK/$name.wrk" 2>&1 &
    wait $!
    awk '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
        /Requests\/sec:/ { rps = $2 }
        $1 == "50%" { p50 = ms($2) }
        $1 == "99%" { p99 = ms($2) }
        /Socket errors:/ { gsub(/,/, ""); errors += $4 + $6 + $8 + $10 }
        /Non-2xx or 3xx responses:/ { errors += $NF }
        /^wrk cpu / { cpu = $3 + $4 }
        END { printf "%s %.3f %.3f %d %.3f\n", rps, p50, p99, errors, cpu }' "$WORK/$name.wrk" > "$WORK/$name.result"
}

# Run time of every thread of a process so far: "TID NS RUNS COMM" lines (/proc/PID/task/TID/schedstat: time on a
# CPU in ns, exact rather than sampled by the tick, and how many times it was put on one).
task_times() { # pid
    local t
    for t in /proc/"$1"/task/*; do
        printf '%s %s %s\n' "${t##*/}" "$(cut -d' ' -f1,3 "$t/schedstat" 2>/dev/null || echo 0 0)" "$(cat "$t/comm" 2>/dev/null || true)"
    done
}

# The CPU a JVM used over SECONDS, thread by thread. First line "total P % of one core ..." (the run time of its
# threads, with utime+stime of /proc/PID/stat beside it, which also counts threads that ended); then one line per
# thread that ran, busiest first: % of one core, ms, TID and the JVM's name for it (jcmd Thread.print, asked after
# the window since attaching starts a thread; the kernel's comm, cut to 15 characters, where the JVM gives none)
# and how often it was put on a CPU per second (its wake-ups, mostly).
thread_cpu() { # pid seconds
    local pid=$1 seconds=$2 before after names t0 t1 jcmd
    [ "$(cat "/proc/$pid/comm")" = java ] || { echo "pid $pid is $(cat "/proc/$pid/comm"), not a JVM" >&2; return 1; }
    before=$(task_times "$pid"); t0=$(process_ticks "$pid")
    sleep "$seconds"
    after=$(task_times "$pid"); t1=$(process_ticks "$pid")
    jcmd=$(dirname "$(readlink -f "/proc/$pid/exe")")/jcmd
    names=$("$jcmd" "$pid" Thread.print 2>/dev/null | sed -n 's/^"\(.*\)" .*nid=\([0-9][0-9]*\) .*/\2 \1/p' || true)
    awk -v seconds="$seconds" -v ticks=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" '
        FNR == 1 { file++ }
        file == 1 { was[$1] = $2; ran[$1] = $3; next }
        file == 2 { tid = $1; $1 = ""; name[tid] = substr($0, 2); next }
        {
            tid = $1; ns = $2 - was[tid]; runs = $3 - ran[tid]; $1 = $2 = $3 = ""; comm = substr($0, 4)
            total += ns; threads++; wakes += runs
            if (ns > 0) { line[++n] = sprintf("%7.3f %% %9.1f ms %8.1f/s  %-7s %s", ns / seconds / 1e7, ns / 1e6, runs / seconds, tid, tid in name ? name[tid] : comm " (comm)"); run[n] = ns }
        }
        END {
            printf "total %.2f %% of one core (%.1f ms in %d s, %d threads, %.0f runs/s; utime+stime %.2f %%)\n",
                total / seconds / 1e7, total / 1e6, seconds, threads, wakes / seconds, ticks / hz / seconds * 100
            for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (run[j] > run[i]) { t = run[i]; run[i] = run[j]; run[j] = t; t = line[i]; line[i] = line[j]; line[j] = t }
            for (i = 1; i <= n; i++) print "  " line[i]
        }' <(echo "$before") <(echo "${names:-0 -}") <(echo "$after")
}
