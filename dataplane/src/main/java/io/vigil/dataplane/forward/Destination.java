package io.vigil.dataplane.forward;

import io.vigil.dataplane.api.ForwardingMethod;
import io.vigil.dataplane.api.RealServer;

/**
 * A real server of one service as the worker holds it: its configuration, its connection counts and its traffic
 * counters. Mutable, owned by the worker thread; the counters are written by the worker and read (opaquely, for
 * statistics) by other threads. Schedulers read {@link #weight()}, the connection counts and {@link #available()}.
 */
public final class Destination {

    private final int id;
    private final long addressHigh;
    private final long addressLow;
    private final int port;
    private RealServer config;
    private int lastWeight;
    private volatile boolean removed;
    private boolean overloaded;
    private int activeConnections;
    private int inactiveConnections;
    private int persistentConnections;
    private final TrafficCounters traffic = new TrafficCounters();

    /**
     * @param id     unique among the live destinations of the worker (the connection table stores it)
     * @param config what was configured
     */
    public Destination(int id, RealServer config) {
        this.id = id;
        this.config = config;
        this.lastWeight = config.weight();
        this.addressHigh = AddressWords.high(config.address().getAddress());
        this.addressLow = AddressWords.low(config.address().getAddress());
        this.port = config.address().getPort();
    }

    public int id() {
        return id;
    }

    public long addressHigh() {
        return addressHigh;
    }

    public long addressLow() {
        return addressLow;
    }

    public int port() {
        return port;
    }

    public RealServer config() {
        return config;
    }

    /** A new weight, method or thresholds for the same address. */
    public void reconfigure(RealServer newConfig) {
        this.config = newConfig;
        if (newConfig.weight() != 0) {
            lastWeight = newConfig.weight();
        }
        updateOverload();
    }

    public int weight() {
        return config.weight();
    }

    /**
     * The latest weight other than 0 (IPVS {@code last_weight}: set on add and on every change to a non-zero
     * weight), so that quiescing a destination with weight 0 keeps its place in the Maglev table.
     */
    public int lastWeight() {
        return lastWeight;
    }

    public ForwardingMethod method() {
        return config.method();
    }

    /** Removed from its service: it takes no new flow, and packets of its connections are dropped. */
    public boolean removed() {
        return removed;
    }

    public void markRemoved() {
        removed = true;
    }

    /** Added back with {@code newConfig} (IPVS takes a removed destination back from its trash, with its connections). */
    public void revive(RealServer newConfig) {
        removed = false;
        reconfigure(newConfig);
    }

    /**
     * Whether it may take a new flow: present, weight above 0 and not over its upper threshold (IPVS
     * {@code IP_VS_DEST_F_OVERLOAD}).
     */
    public boolean available() {
        return !removed && config.weight() > 0 && !overloaded;
    }

    /** Over its upper threshold (IPVS {@code IP_VS_DEST_F_OVERLOAD}). */
    public boolean overloaded() {
        return overloaded;
    }

    /** IPVS's ActiveConn. */
    public int activeConnections() {
        return activeConnections;
    }

    /** IPVS's InActConn. */
    public int inactiveConnections() {
        return inactiveConnections;
    }

    /** Templates pointing here. */
    public int persistentConnections() {
        return persistentConnections;
    }

    /** IPVS's load estimate for lc/wlc: {@code active * 256 + inactive} (ip_vs_dest_conn_overhead). */
    public long overhead() {
        return ((long) activeConnections << 8) + inactiveConnections;
    }

    /** A connection to it was created, active (TCP ESTABLISHED) or not. */
    public void connectionOpened(boolean active) {
        if (active) {
            activeConnections++;
        } else {
            inactiveConnections++;
        }
        traffic.countConnection();
        updateOverload();
    }

    /** A connection moved between active and inactive. */
    public void connectionStateChanged(boolean nowActive) {
        if (nowActive) {
            inactiveConnections--;
            activeConnections++;
        } else {
            activeConnections--;
            inactiveConnections++;
        }
    }

    /** A connection to it expired or was removed. */
    public void connectionClosed(boolean wasActive) {
        if (wasActive) {
            activeConnections--;
        } else {
            inactiveConnections--;
        }
        updateOverload();
    }

    /** A persistence template to it was created or expired. */
    public void templateChanged(int delta) {
        persistentConnections += delta;
    }

    /** Its traffic. */
    public TrafficCounters traffic() {
        return traffic;
    }

    private void updateOverload() {
        int upper = config.upperThreshold();
        if (upper == 0) {
            overloaded = false;
            return;
        }
        int conns = activeConnections + inactiveConnections;
        if (conns >= upper) {
            overloaded = true;
        } else if (overloaded) {
            int lower = config.lowerThreshold() > 0 ? config.lowerThreshold() : upper * 3 / 4;
            if (conns < lower) {
                overloaded = false;
            }
        }
    }
}
