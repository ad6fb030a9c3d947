package io.vigil.healthcheck.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One CPU's time from /proc/stat, for a checker pinned to that CPU (the system property {@value #CPU_PROPERTY}, set
 * by run.sh --netns): its busy share includes the kernel's receive work for the checker's sockets that runs in
 * softirq while the checker is not on the CPU, which the process's own times leave out. Null when the property is
 * not set or /proc/stat has no such CPU. Immutable.
 *
 * @param busy    user, nice, system, irq, softirq and steal ticks
 * @param softirq softirq ticks
 * @param total   all ticks, idle and iowait included
 */
record CoreTicks(long busy, long softirq, long total) {

    /** The CPU to read, as numbered in /proc/stat. */
    static final String CPU_PROPERTY = "vigil.bench.cpu";

    /** The pinned CPU's ticks now, or null. */
    static CoreTicks read() {
        Integer cpu = Integer.getInteger(CPU_PROPERTY);
        if (cpu == null) {
            return null;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                String[] f = line.trim().split("\\s+");
                if (f[0].equals("cpu" + cpu)) {
                    long user = Long.parseLong(f[1]);
                    long nice = Long.parseLong(f[2]);
                    long system = Long.parseLong(f[3]);
                    long idle = Long.parseLong(f[4]);
                    long iowait = Long.parseLong(f[5]);
                    long irq = Long.parseLong(f[6]);
                    long softirq = Long.parseLong(f[7]);
                    long steal = Long.parseLong(f[8]);
                    long busy = user + nice + system + irq + softirq + steal;
                    return new CoreTicks(busy, softirq, busy + idle + iowait);
                }
            }
        } catch (IOException | RuntimeException e) {
            System.out.println("bench: /proc/stat unreadable: " + e);
        }
        return null;
    }

    /** Prints the CPU's busy and softirq shares between two readings, when there are both. */
    static void print(CoreTicks before, CoreTicks after) {
        if (before == null || after == null || after.total == before.total) {
            return;
        }
        double total = after.total - before.total;
        System.out.printf("     cpu%d (the checker's, pinned) busy %.1f%% of the window, softirq %.1f%% (/proc/stat; any"
                + " other task on it counts too)%n", Integer.getInteger(CPU_PROPERTY),
                100.0 * (after.busy - before.busy) / total, 100.0 * (after.softirq - before.softirq) / total);
    }
}
