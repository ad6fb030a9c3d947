#!/usr/bin/env python3
"""Reads what bench/soak/run.sh recorded in RESULTS and prints the soak's report.

usage: bench/soak/report.py RESULTS

Transitions (from the notify scripts) are explained by
  link  - a VRRP link (switch port *-br0) went down or up less than 3 x advert_int + 4 s before;
  loss  - a BACKUP became MASTER after the higher-priority master's adverts stopped reaching it although the master
          kept sending them (tcpdump on both sides): at least 3 in a row missed, which the protocol answers with a
          takeover (master down = 3 x advert_int + skew); `loss+late` when fewer were missed but the gap still
          exceeded 3 x advert_int (the master sent late);
  *-return - the MASTER -> BACKUP that ends such a promotion, within 3 x advert_int + 4 s.
Anything else is unexplained, and listed.
"""
import bisect
import json
import os
import re
import sys
from collections import defaultdict

RES = sys.argv[1] if len(sys.argv) > 1 else sys.exit(__doc__)
P = json.load(open(os.path.join(RES, "params.json")))
IP = P["ip"]
NODE_OF_IP = {v: k for k, v in IP.items()}
INST = {i["name"]: i for i in P["instances"]}
VRID = {i["vrid"]: i for i in P["instances"]}
IMPL = {"a": "vigil", "b": "vigil", "k": "keepalived"}


def read(name):
    path = os.path.join(RES, name)
    return open(path).read().splitlines() if os.path.exists(path) else []


T0 = float(read("time-start")[0])
T1 = float(read("time-end")[0])
# when each daemon's counters were read: the wire is counted over the same window
SNAP = {n: (float((read(f"time-start-{n}") or [T0])[0]), float((read(f"time-end-{n}") or [T1])[0])) for n in "abk"}
FORCED = ("(System.gc())", "(Diagnostic Command)")

# --- inputs ------------------------------------------------------------------------------------------------------
CAP = re.compile(r"^(\d+\.\d+) IP (\S+) > \S+: VRRPv\d, Advertisement, vrid (\d+), prio (\d+)")
adverts = {}        # node -> list of (t, src_node, vrid, prio), as captured on that node's eth0
for n in "abk":
    rows = []
    for line in read(f"cap-{n}.txt"):
        m = CAP.match(line)
        if m:
            rows.append((float(m[1]), NODE_OF_IP.get(m[2], m[2]), int(m[3]), int(m[4])))
    adverts[n] = rows

links = []          # (t, node, port, up|down) of the VRRP links
for line in read("events.log"):
    f = line.split()
    if f[1] == "link" and f[3].endswith("-br0"):
        links.append((float(f[0]), f[2], f[3], f[4]))
link_times = [l[0] for l in links]

trans = defaultdict(list)   # (node, instance) -> [(t, state, prio)]
for line in read("transitions.log"):
    f = line.split()
    if len(f) >= 6 and f[2] == "INSTANCE":
        trans[(f[1], f[3])].append((float(f[0]), f[4], int(f[5])))
for v in trans.values():
    v.sort()


def skew(prio, adv):
    return (256 - prio) * adv / 256


def link_window(t, adv):
    """The link event explaining a transition at t, or None."""
    i = bisect.bisect_right(link_times, t + 0.5)
    while i > 0 and link_times[i - 1] >= t - (3 * adv + 4):
        return links[i - 1]
    return None


def sent_by(node, vrid):
    return [r[0] for r in adverts[node] if r[1] == node and r[2] == vrid]


def heard_from_above(node, vrid, prio):
    """Adverts from higher priorities that reached node (what resets its master-down timer)."""
    return [(r[0], r[1]) for r in adverts[node] if r[1] != node and r[2] == vrid and r[3] > prio]


NOTIFY_LAG = 1.0   # seconds a notify script may run after the transition it reports (up to 0.25 s seen)


def loss_cause(node, inst, t, prio):
    """Why node took over at t (notify time): the longest silence from higher priorities that may have ended
    in the takeover, and how many adverts the master sent into it."""
    heard = heard_from_above(node, inst["vrid"], prio)
    times = [h[0] for h in heard]
    adv = inst["advert_int"]
    lo = t - 3 * adv - skew(prio, adv) - NOTIFY_LAG
    i = max(0, bisect.bisect_left(times, lo) - 1)
    best = None
    while i < len(times) and times[i] <= t:
        nxt = times[i + 1] if i + 1 < len(times) else t
        if not best or nxt - times[i] > best[1] - best[0]:
            best = (times[i], nxt, heard[i][1])
        i += 1
    if not best:
        return None, "nothing heard from a higher priority before"
    r, r2, sender = best
    gap = r2 - r
    if gap < 0.95 * 3 * adv:
        return None, f"the longest silence of higher priorities in the {t - lo:.2f} s before was {gap:.3f} s"
    sent = sent_by(sender, inst["vrid"])
    missed = bisect.bisect_left(sent, r2 - 0.002) - bisect.bisect_right(sent, r + 0.002)
    if missed >= 3:
        return "loss", f"{missed} adverts of {sender} in a row lost, {gap:.3f} s silence"
    if missed >= 1:
        return "loss+late", f"{missed} adverts of {sender} lost, {gap:.3f} s silence (the master sent late)"
    return None, f"{sender} sent nothing for {gap:.3f} s"


def classify():
    out = []   # (node, inst, t, from, to, cause, why)
    for (node, name), seq in sorted(trans.items()):
        inst = INST[name]
        adv = inst["advert_int"]
        prev = None
        promoted = None   # (t, cause) of the last explained promotion
        for t, state, prio in seq:
            if t < T0 or t > T1 + 5:
                prev = state
                continue
            cause, why = None, ""
            lw = link_window(t, adv)
            if lw:
                cause, why = "link", f"{lw[1]} {lw[2]} {lw[3]} {t - lw[0]:.2f} s before"
            elif state == "MASTER" and prev == "BACKUP":
                cause, why = loss_cause(node, inst, t, prio)
            elif state == "BACKUP" and prev == "MASTER" and promoted and t - promoted[0] <= 3 * adv + 4:
                cause, why = promoted[1] + "-return", f"{t - promoted[0]:.3f} s after the promotion"
            if state == "MASTER":
                promoted = (t, cause) if cause else None
            out.append((node, name, t, prev, state, cause, why))
            prev = state
    return out


def loss_episodes(node, inst):
    """Runs of >= 3 consecutive adverts of the current master that never reached node (outside link windows):
    each one obliges a BACKUP to take over (unless another backup's advert comes first). Returns (runs>=3,
    runs==2, the (sender, time) of each advert missed, adverts sent)."""
    prio = inst["priority"][node]
    vrid = inst["vrid"]
    adv = inst["advert_int"]
    runs3 = runs2 = sent_total = 0
    missed = set()
    for sender in "abk":
        if sender == node or inst["priority"][sender] <= prio:
            continue
        sent = [t for t in sent_by(sender, vrid) if T0 <= t <= T1]
        got = sorted(h[0] for h in heard_from_above(node, vrid, prio) if h[1] == sender)
        run = lo = 0
        for s in sent:
            if link_window(s, adv):
                run = 0
                continue
            sent_total += 1
            # each advert heard matches one sent within 20 ms (the master may answer a takeover at once)
            j = bisect.bisect_left(got, s - 0.002, lo)
            if j < len(got) and got[j] <= s + 0.02:
                lo = j + 1
                if run >= 3:
                    runs3 += 1
                elif run == 2:
                    runs2 += 1
                run = 0
            else:
                run += 1
                missed.add((sender, s))
    return runs3, runs2, missed, sent_total


# --- counters ----------------------------------------------------------------------------------------------------
def matches(name, pattern):
    """The matches of pattern (searched) in file name's lines."""
    return [m for m in map(re.compile(pattern).search, read(name)) if m]


def prom(label, node):
    return {(m[1], m[2]): float(m[3]) for m in
            matches(f"metrics-{label}-{node}.prom", r'^(keepalived_\w+_total)\{.*iname="([^"]+)".*\} (\S+)$')}


def keepalived_stats(label):
    vals, inst, section = {}, None, None
    for line in read(f"keepalived-stats-{label}.txt"):
        m = re.match(r"^VRRP Instance: (\S+)", line)
        if m:
            inst = m[1]
            continue
        s = line.strip()
        if s.endswith(":") and not re.search(r"\d", s):
            section = s[:-1]
            continue
        m = re.match(r"^(.+): (\d+)$", s)
        if inst and m:
            key = (section + "/" if line.startswith("    ") and section else "") + m[1]
            vals[(key, inst)] = int(m[2])
    return vals


def nft_counts(label):
    return {(m[1], m[3]): int(m[2]) for m in
            matches(f"loss-{label}.nft", r'oifname "(\w)-br0".*counter packets (\d+).* (drop|accept)')}


def link_drops():
    """Packets the kernel dropped on the lab's links between the snapshots (ip -s -j link), e.g. a full backlog."""
    try:
        start, end = ({(ns, l["ifname"]): l["stats64"] for ns, links in json.load(open(os.path.join(RES, f)))
                       .items() for l in links} for f in ("links-start.json", "links-end.json"))
    except (OSError, ValueError):
        return
    drops = []
    for key, e in sorted(end.items()):
        b = start.get(key)
        if b:
            for d in ("rx", "tx"):
                n = e[d]["dropped"] - b[d]["dropped"]
                if n:
                    drops.append(f"{key[0]}/{key[1]} {d} {n}")
    print("  dropped by the kernel on the lab's links (ip -s link; tx on a host's eth0 includes what it sent into a "
          "cut link): " + (", ".join(drops) or "none"))
    sn = [read(f"softnet-{x}.txt") for x in ("start", "end")]
    if all(sn):
        dropped = sum(int(line.split()[1], 16) for line in sn[1]) - sum(int(line.split()[1], 16) for line in sn[0])
        print(f"  the machine's receive backlog (softnet_stat, all namespaces and tenants) dropped {dropped} packets")


def fit(points):
    """Least-squares slope (per second) and the value change it predicts over the points' span."""
    n = len(points)
    if n < 3:
        return None
    mx = sum(p[0] for p in points) / n
    my = sum(p[1] for p in points) / n
    sxx = sum((p[0] - mx) ** 2 for p in points)
    if sxx == 0:
        return None
    slope = sum((p[0] - mx) * (p[1] - my) for p in points) / sxx
    return slope, slope * (points[-1][0] - points[0][0]), my


def trend(points, unit, allow_abs, allow_rel):
    """Fits the last 2/3 of the series: flat when it predicts less growth than allow_abs or allow_rel x mean."""
    pts = points[len(points) // 3:]
    f = fit(pts)
    if not f:
        return "too few samples"
    slope, growth, mean = f
    verdict = "flat" if growth <= max(allow_abs, allow_rel * mean) else "GROWS"
    first, last = pts[0][1], pts[-1][1]
    return (f"{verdict}: {first:g} -> {last:g} {unit} over the last {len(pts)} samples, mean {mean:.1f}, "
            f"fit {slope * 3600:+.2f} {unit}/h ({growth:+.2f} over the span)")


def liveness(node):
    """(t, live MB) after each concurrent mark (gc+liveness Post-Marking summaries)."""
    out, post = [], False
    for line in read(f"liveness-{node}.log"):
        if "### PHASE" in line:
            post = "Post-Marking" in line
        m = re.match(r"^\[(\d+)ms\].*### SUMMARY .* live: ([\d.]+) MB", line)
        if m and post:
            out.append((int(m[1]) / 1000, float(m[2])))
    return out


def gc_log(node):
    size = {"K": 1 / 1024, "M": 1, "G": 1024}
    pat = re.compile(r"^\[(\d+)ms\]\[\d+ms\] GC\((\d+)\) (Pause .*?) (\d+)([KMG])->(\d+)([KMG])\((\d+)([KMG])\) "
                     r"([\d.]+)ms")
    rows = []
    for line in read(f"gc-{node}.log"):
        m = pat.match(line)
        if m:
            rows.append((int(m[1]) / 1000, m[3], int(m[4]) * size[m[5]], int(m[6]) * size[m[7]],
                         int(m[8]) * size[m[9]], float(m[10]), int(m[2])))
    return rows


def forced_pauses(rows):
    """The pauses of the cycles jcmd GC.run started: the concurrent start and its cycle's remark and cleanup."""
    ids = set()
    for r in rows:
        if any(f in r[1] for f in FORCED):
            ids.update((r[6], r[6] + 1))
    return [r for r in rows if r[6] in ids]


def pct(values, q):
    v = sorted(values)
    return v[min(len(v) - 1, int(q * len(v)))] if v else 0


def timeline(rows, series):
    buckets = 6
    width = (T1 - T0) / buckets
    gcs = {n: [r for r in gc_log(n)] for n in "ab"}
    normal = {n: [r for r in gcs[n] if r not in forced_pauses(gcs[n])] for n in "ab"}
    live = {n: liveness(n) for n in "ab"}
    print(f"{'minutes':<11} {'vigil tr':>8} {'unexpl':>6} {'ka tr':>5} {'unexpl':>6} {'gc a n/max ms':>13} "
          f"{'gc b n/max ms':>13} {'live a/b MB':>11} {'fds a/b/k':>11} {'RSS a/b MB':>11} {'load':>5}")

    def last(values, default="-"):
        return values[-1] if values else default

    for i in range(buckets):
        lo, hi = T0 + i * width, T0 + (i + 1) * width
        r = [x for x in rows if lo <= x[2] < hi]
        v = [x for x in r if IMPL[x[0]] == "vigil"]
        k = [x for x in r if IMPL[x[0]] == "keepalived"]
        gc = {}
        for n in "ab":
            p = [x[5] for x in normal[n] if lo <= x[0] < hi]
            gc[n] = f"{len(p)}/{max(p, default=0):.0f}"
        lv = "/".join(str(last([f"{x[1]:.0f}" for x in live[n] if x[0] < hi])) for n in "ab")
        fd = "/".join(str(last([x[1] for x in series[n] if lo <= x[0] < hi])) for n in "abk")
        ld = last([l.split()[1] for l in read("load.txt") if lo <= float(l.split()[0]) < hi])
        rss = "/".join(str(last([f"{x[3] / 1024:.0f}" for x in series[n] if lo <= x[0] < hi])) for n in "ab")
        print(f"{i * width / 60:4.1f}-{(i + 1) * width / 60:<5.1f} {len(v):>8} "
              f"{sum(1 for x in v if x[5] is None):>6} {len(k):>5} {sum(1 for x in k if x[5] is None):>6} "
              f"{gc['a']:>13} {gc['b']:>13} {lv:>11} {fd:>11} {rss:>11} {ld:>5}")


# --- the report ----------------------------------------------------------------------------------------------------
def main():
    dur = T1 - T0
    print(f"Soak {dur / 60:.1f} min: Vigil a, b and keepalived k; {len(INST)} VRRPv3 instances "
          + ", ".join(f"{i['name']} {i['advert_int']} s (a {i['priority']['a']}, b {i['priority']['b']}, "
                      f"k {i['priority']['k']})" for i in P["instances"])
          + f"; {P['loss_percent']}% VRRP loss toward b and k; a link cut every {P['fault_every']} s for "
            f"{P['link_down']} s; {P['flap_count']} of 200 real servers rejecting, redrawn every {P['flap_every']} s.")
    print(f"JVM: {P.get('gc') or 'GC unknown'}; results in {RES}")
    n_links = sum(1 for l in links if l[3] == "down" and T0 <= l[0] <= T1)
    events = read("events.log")
    print(f"Faults: {n_links} VRRP link cuts, "
          f"{sum(1 for e in events if e.split()[1] == 'link' and e.split()[3].endswith('-br1') and e.split()[4] == 'down')}"
          f" real-server link cuts, {sum(1 for e in events if e.split()[1] == 'flap')} redraws of the rejecting set.")

    rows = classify()
    print("\n## VRRP transitions (notify scripts), counted from the soak's start")
    print(f"{'node':<14} {'instance':<6} {'total':>5} {'link':>5} {'loss':>5} {'return':>6} {'unexplained':>11}")
    totals = defaultdict(lambda: defaultdict(int))
    for node in "abk":
        for name in INST:
            r = [x for x in rows if x[0] == node and x[1] == name]
            c = defaultdict(int)
            for x in r:
                key = "unexplained" if x[5] is None else ("return" if x[5].endswith("-return")
                                                          else ("loss" if x[5].startswith("loss") else x[5]))
                c[key] += 1
                totals[IMPL[node]][key] += 1
            totals[IMPL[node]]["total"] += len(r)
            print(f"{node + ' (' + IMPL[node] + ')':<14} {name:<6} {len(r):>5} {c['link']:>5} {c['loss']:>5} "
                  f"{c['return']:>6} {c['unexplained']:>11}")
    for impl, c in totals.items():
        print(f"  {impl}: {c['total']} transitions, {c['total'] - c['unexplained']} explained, "
              f"{c['unexplained']} unexplained")
    unexplained = [x for x in rows if x[5] is None]
    late = [x for x in rows if x[5] == "loss+late"]
    for x in unexplained:
        print(f"  UNEXPLAINED {x[0]} {x[1]} {x[3]} -> {x[4]} at +{x[2] - T0:.3f} s: {x[6]}")
    for x in late:
        print(f"  loss+late   {x[0]} {x[1]} {x[3]} -> {x[4]} at +{x[2] - T0:.3f} s: {x[6]}")

    print("\n## Flaps under the same loss (BACKUP -> MASTER with no link fault near), per backup")
    print(f"{'node':<14} {'instance':<6} {'adverts':>8} {'missed':>7} {'runs>=3':>8} {'runs=2':>7} {'flaps':>6} "
          f"{'flaps/h':>8}")
    both = {}
    for node in "bk":
        for name, inst in INST.items():
            runs3, runs2, missed, sent = loss_episodes(node, inst)
            both[name] = both[name] & missed if name in both else missed
            missed = len(missed)
            flaps = sum(1 for x in rows if x[0] == node and x[1] == name and x[4] == "MASTER"
                        and x[5] != "link")
            print(f"{node + ' (' + IMPL[node] + ')':<14} {name:<6} {sent:>8} {missed:>7} {runs3:>8} {runs2:>7} "
                  f"{flaps:>6} {flaps * 3600 / dur:>8.1f}")
    print("  (adverts: the higher-priority master's, sent outside link windows; missed: never reached the node;"
          " runs>=3: losses the protocol answers with a takeover, unless the other backup's advert comes first)")
    p = P["loss_percent"] / 100
    print("  adverts of a that reached neither b nor k (in brackets: how many the injected loss alone would drop "
          "twice): " + ", ".join(f"{name} {sum(1 for m in v if m[0] == 'a')} "
                                 f"({p * p * sum(1 for t in sent_by('a', INST[name]['vrid']) if T0 <= t <= T1):.1f})"
                                 for name, v in both.items()))
    link_drops()

    print("\n## Adverts: sent, on the wire, counted by the daemons")
    ms, me = {n: prom("start", n) for n in "ab"}, {n: prom("end", n) for n in "ab"}
    ks, ke = keepalived_stats("start"), keepalived_stats("end")

    def delta(node, metric, name):
        if node == "k":
            key = "Advertisements/" + ("Received" if metric == "received" else "Sent")
            return ke.get((key, name), 0) - ks.get((key, name), 0) if (key, name) in ke else None
        m = f"keepalived_advertisements_{metric}_total"
        return int(me[node].get((m, name), 0) - ms[node].get((m, name), 0)) if (m, name) in me[node] else None

    print(f"{'node':<14} {'instance':<6} {'sent':>7} {'sent_wire':>9} {'rcvd':>7} {'rcvd_wire':>9} {'lost_in_daemon':>14}")
    for node in "abk":
        for name, inst in INST.items():
            lo, hi = SNAP[node]
            wire = [r for r in adverts[node] if lo <= r[0] <= hi and r[2] == inst["vrid"]]
            sw = sum(1 for r in wire if r[1] == node)
            rw = sum(1 for r in wire if r[1] != node)
            s, rc = delta(node, "sent", name), delta(node, "received", name)
            lost = "" if rc is None else rw - rc
            print(f"{node + ' (' + IMPL[node] + ')':<14} {name:<6} {s if s is not None else '-':>7} {sw:>9} "
                  f"{rc if rc is not None else '-':>7} {rw:>9} {lost:>14}")
    print("  (sent/rcvd: the daemon's counters, end minus start; wire: tcpdump on the node's eth0 over the same"
          " window; lost_in_daemon = rcvd_wire - rcvd)")
    ns, ne = nft_counts("start"), nft_counts("end")
    for port in "bk":
        d = ne.get((port, "drop"), 0) - ns.get((port, "drop"), 0)
        a = ne.get((port, "accept"), 0) - ns.get((port, "accept"), 0)
        print(f"  injected loss toward {port}: {d} VRRP packets dropped, {a} passed ({100 * d / max(1, d + a):.2f}%)")

    print("\n## GC (-Xlog:gc); the pauses of the concurrent cycles started by jcmd GC.run (for the live set) apart")
    for node in "ab":
        g = [r for r in gc_log(node)]
        soak = [r for r in g if T0 <= r[0] <= T1]
        forced = forced_pauses(soak)
        normal = [r for r in soak if r not in forced]
        p = [r[5] for r in normal]
        print(f"vigil {node}: {len(normal)} pauses, total {sum(p):.1f} ms ({100 * sum(p) / 1000 / dur:.3f}% of the "
              f"time), max {max(p, default=0):.2f} ms, p99 {pct(p, 0.99):.2f} ms, median {pct(p, 0.5):.2f} ms; "
              f"forced: {len(forced)}, max {max((r[5] for r in forced), default=0):.2f} ms")
        if len(soak) > 1:
            allocated = sum(max(0, soak[i][2] - soak[i - 1][3]) for i in range(1, len(soak)))
            print(f"  allocation rate {allocated / (soak[-1][0] - soak[0][0]):.2f} MB/s (heap growth between pauses)")
        kinds = defaultdict(int)
        for r in normal:
            kinds[r[1]] += 1
        if kinds:
            print("  " + ", ".join(f"{k}: {v}" for k, v in sorted(kinds.items())))
        live = [x for x in liveness(node) if T0 <= x[0] <= T1]
        print(f"  live heap after each concurrent mark (MB): " + " ".join(f"{v:.1f}" for _, v in live))
        print(f"  live heap: {trend(live, 'MB', 1.0, 0.05)}")
        after = [(r[0], r[3]) for r in soak]
        print(f"  heap after any GC: {trend(after, 'MB', 2.0, 0.10)}")

    print("\n## Processes over time (/proc every sample)")
    series = defaultdict(list)
    for line in read("samples.txt"):
        t, node, fds, thr, rss = line.split()
        series[node].append((float(t), int(fds), int(thr), int(rss)))
    for node in "abk":
        s = [x for x in series[node] if x[0] >= T0]
        if not s:
            continue
        print(f"{node} ({IMPL[node]}), {len(s)} samples:")
        print(f"  fds     {trend([(x[0], x[1]) for x in s], 'fds', 3, 0.05)}")
        print(f"  threads {trend([(x[0], x[2]) for x in s], 'threads', 2, 0.02)}")
        print(f"  RSS     {trend([(x[0], x[3] / 1024) for x in s], 'MB', 4, 0.05)}")

    print("\n## Over time")
    timeline(rows, series)

    print("\n## Health checks")
    for node in "ab":
        log = read(f"vigil-{node}.log")
        down = sum(1 for l in log if "Removing service" in l)
        up = sum(1 for l in log if "Adding service" in l)
        hc = [l.split() for l in read("metrics.txt") if l.split()[1] == node]
        ups = [int(float(f[3])) for f in hc if f[2] == "healthcheck_up"]
        print(f"vigil {node}: {down} real servers removed, {up} added (whole run); checkers up per sample: "
              f"min {min(ups, default=0)}, max {max(ups, default=0)} of "
              f"{max((int(float(f[3])) for f in hc if f[2] == 'healthcheck_all'), default=0)}")
    print("\n## Cross-check: MASTER entries by notify script and by the counters")
    for node in "ab":
        for name in INST:
            m = "keepalived_become_master_total"
            d = me[node].get((m, name), 0) - ms[node].get((m, name), 0)
            n = sum(1 for t, s, _ in trans[(node, name)] if s == "MASTER" and T0 <= t <= T1)
            print(f"  {node} {name}: notify {n}, become_master {d:g}")
    for name in INST:
        key = ("Became master", name)
        if key in ke:
            n = sum(1 for t, s, _ in trans[("k", name)] if s == "MASTER" and T0 <= t <= T1)
            print(f"  k {name}: notify {n}, Became master {ke[key] - ks.get(key, 0)}")


main()
