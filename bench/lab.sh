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
