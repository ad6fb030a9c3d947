package io.vigil.dataplane.linux;

import io.vigil.dataplane.forward.AddressWords;
import io.vigil.dataplane.forward.NextHop;
import io.vigil.dataplane.forward.NextHopSource;
import io.vigil.dataplane.linux.netlink.Link;
import io.vigil.dataplane.linux.netlink.LinkLayerAddress;
import io.vigil.dataplane.linux.netlink.NetlinkConstants;
import io.vigil.dataplane.linux.netlink.NetlinkCursor;
import io.vigil.dataplane.linux.netlink.Neighbour;
import io.vigil.dataplane.linux.netlink.Route;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Resolves next hops from the kernel's tables for {@link io.vigil.dataplane.forward.Neighbours}, on a thread of
 * its own: for each destination the worker asks about, RTM_GETROUTE (output interface, gateway), RTM_GETLINK (the
 * interface's MAC and MTU) and RTM_GETNEIGH for the next hop. When the neighbour is missing or unusable it asks the
 * kernel to resolve it (RTM_NEWNEIGH with NTF_USE: an ARP request or neighbour solicitation) and reports
 * "unresolved" until the entry appears. It listens on RTMGRP_NEIGH, so a new, changed or deleted entry re-resolves
 * the destinations behind it at once; every destination is also refreshed periodically (routes change without a
 * neighbour event) and a pending one retried.
 *
 * <p>Requests travel worker → resolver and results back through bounded queues of small immutable records (a
 * request is made once per new destination; the worker drains results between batches). The thread sleeps in one
 * poll(2) on the neighbour events and an {@link EventFd} that {@link #request} rings, until the next lookup is due;
 * after queueing results it runs the {@link #onResults} listener, which wakes an idle worker. Agrona's lock-free queues
 * would need {@code --add-exports java.base/jdk.internal.misc} on every JVM that runs Vigil, so these are the JDK's.
 *
 * <p>Thread safety: {@link #request} and {@link #drain} from the one worker thread; {@link #start},
 * {@link #onResults} and {@link #close} from the owner. Everything else runs on the resolver's thread. The netlink sockets belong to the
 * network namespace of the thread that called {@link #open}.
 */
public final class NeighbourResolver implements NextHopSource, AutoCloseable {

    /** How often a resolved destination is looked up again by default. */
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(5);
    /** How often an unresolved destination is retried by default. */
    public static final Duration DEFAULT_RETRY = Duration.ofSeconds(1);
    private static final int QUEUE_CAPACITY = 4096;
    /** Longest wait for an event when nothing is due: {@link #close} wakes the thread anyway. */
    private static final int MAX_WAIT_MILLIS = 60_000;

    private final Rtnetlink rtnetlink;
    private final NetlinkSocket events;
    private final long refreshNanos;
    private final long retryNanos;
    private final ArrayBlockingQueue<Resolution> requests = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final ArrayBlockingQueue<Resolution> results = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Map<InetAddress, Tracked> tracked = new LinkedHashMap<>();
    /** Rung by {@link #request} and {@link #close}: the thread waits for it and for neighbour events at once. */
    private final EventFd wakeUp;
    private final PollSet pollSet;
    private final AtomicLong failures = new AtomicLong();
    private volatile String lastFailure = "";
    private volatile boolean running;
    private volatile Runnable onResults = () -> { };
    /** Results queued so far; resolver thread only. */
    private long resultsQueued;
    private Thread thread;

    /** A request (nextHop null) or a result, between the worker and this thread. */
    private record Resolution(long high, long low, NextHop nextHop) {
    }

    /** One destination the worker asked about. Resolver thread only. */
    private static final class Tracked {
        final InetAddress destination;
        final long high;
        final long low;
        int outputIndex;
        InetAddress via;
        NextHop posted;
        boolean answered;
        long lastAttemptNanos;

        Tracked(InetAddress destination, long high, long low) {
            this.destination = destination;
            this.high = high;
            this.low = low;
        }
    }

    private NeighbourResolver(Rtnetlink rtnetlink, NetlinkSocket events, EventFd wakeUp, Duration refresh,
                              Duration retry) {
        this.rtnetlink = rtnetlink;
        this.events = events;
        this.wakeUp = wakeUp;
        this.pollSet = new PollSet(events.fd(), wakeUp.fd());
        this.refreshNanos = refresh.toNanos();
        this.retryNanos = retry.toNanos();
    }

    /** Opens the netlink sockets in the calling thread's network namespace, with the default intervals. */
    public static NeighbourResolver open() throws LinuxException {
        return open(DEFAULT_REFRESH, DEFAULT_RETRY);
    }

    /** Opens with the given refresh (resolved destinations) and retry (unresolved ones) intervals. */
    public static NeighbourResolver open(Duration refresh, Duration retry) throws LinuxException {
        if (refresh.isNegative() || refresh.isZero() || retry.isNegative() || retry.isZero()) {
            throw new IllegalArgumentException("refresh " + refresh + " and retry " + retry + ", expected positive");
        }
        Rtnetlink rtnetlink = Rtnetlink.open();
        EventFd wakeUp = null;
        try {
            wakeUp = EventFd.open();
            return new NeighbourResolver(rtnetlink, NetlinkSocket.open(NetlinkConstants.RTMGRP_NEIGH, 0, 0), wakeUp,
                    refresh, retry);
        } catch (LinuxException e) {
            if (wakeUp != null) {
                wakeUp.close();
            }
            try {
                rtnetlink.close();
            } catch (LinuxException ignored) {
                // reporting the first failure
            }
            throw e;
        }
    }

    /** Starts the resolver's platform thread; idempotent. */
    public synchronized void start() {
        if (thread == null) {
            running = true;
            thread = Thread.ofPlatform().daemon().name("vigil-neighbours").start(this::run);
        }
    }

    /**
     * Queues a request and wakes the resolver's thread; allocates one small record, once per new destination (a
     * lookup of a known one does not).
     */
    @Override
    public boolean request(long high, long low) {
        if (!requests.offer(new Resolution(high, low, null))) {
            return false;
        }
        wakeUp.signal();
        return true;
    }

    /** From now on {@code listener} runs on the resolver's thread after it queues results for {@link #drain}. */
    public void onResults(Runnable listener) {
        this.onResults = Objects.requireNonNull(listener);
    }

    @Override
    public int drain(Sink sink) {
        int count = 0;
        Resolution r;
        while ((r = results.poll()) != null) {
            sink.resolved(r.high(), r.low(), r.nextHop());
            count++;
        }
        return count;
    }

    /** Lookups that failed (netlink errors other than "no route"/"no entry"), with the latest reason. */
    public long failures() {
        return failures.get();
    }

    /** The latest failure's text, empty when there was none. */
    public String lastFailure() {
        return lastFailure;
    }

    /**
     * Waits for a neighbour event, a request or the next due lookup, whichever comes first; does what is due; and
     * tells the listener when it queued results. An idle resolver wakes once per refresh or retry interval.
     */
    private void run() {
        int waitMillis = 0;
        while (running) {
            try {
                if (pollSet.await(waitMillis) > 0) {
                    if (pollSet.ready(1)) {
                        wakeUp.clear();
                    }
                    if (pollSet.ready(0)) {
                        drainEvents();
                    }
                }
                long before = resultsQueued;
                Resolution request;
                while ((request = requests.poll()) != null) {
                    track(request.high(), request.low());
                }
                long now = System.nanoTime();
                long nextDue = Long.MAX_VALUE;
                for (Tracked t : tracked.values()) {
                    long interval = t.posted == null ? retryNanos : refreshNanos;
                    if (now - t.lastAttemptNanos >= interval) {
                        resolve(t);
                        interval = t.posted == null ? retryNanos : refreshNanos;
                    }
                    nextDue = Math.min(nextDue, t.lastAttemptNanos + interval - now);
                }
                if (resultsQueued != before) {
                    onResults.run();
                }
                // nothing tracked: nextDue is Long.MAX_VALUE, which rounding up would overflow into a 1 ms wait
                waitMillis = (int) Math.min(MAX_WAIT_MILLIS, Math.max(1, nextDue / 1_000_000 + 1));
            } catch (LinuxException | RuntimeException e) {
                fail(e);
                waitMillis = (int) Math.min(MAX_WAIT_MILLIS, retryNanos / 1_000_000); // no busy loop on a failing socket
            }
        }
    }

    private void track(long high, long low) {
        InetAddress destination = AddressWords.toAddress(high, low);
        Tracked t = tracked.get(destination);
        if (t == null) {
            t = new Tracked(destination, high, low);
            tracked.put(destination, t);
        }
        resolve(t);
    }

    private void drainEvents() throws LinuxException {
        while (true) {
            long n;
            try {
                n = events.receive("recvfrom(RTMGRP_NEIGH)");
            } catch (LinuxException e) {
                if (e.errno() != Errno.ENOBUFS) {
                    throw e;
                }
                tracked.values().forEach(this::resolve); // announcements were lost: look everything up again
                continue;
            }
            if (n < 0) {
                return;
            }
            if (n == 0) {
                continue;
            }
            if (n > NetlinkSocket.RECEIVE_BUFFER_BYTES) {
                tracked.values().forEach(this::resolve);
                continue;
            }
            NetlinkCursor cursor = events.cursor();
            while (cursor.next()) {
                if (cursor.type() == NetlinkConstants.RTM_NEWNEIGH || cursor.type() == NetlinkConstants.RTM_DELNEIGH) {
                    Neighbour changed = events.decoder().neighbour(cursor);
                    if (changed != null) {
                        neighbourChanged(changed);
                    }
                }
            }
        }
    }

    private void neighbourChanged(Neighbour changed) {
        for (Tracked t : tracked.values()) {
            if (t.outputIndex == changed.index() && changed.address().equals(t.via)) {
                resolve(t);
            }
        }
    }

    private void resolve(Tracked t) {
        t.lastAttemptNanos = System.nanoTime();
        NextHop hop = null;
        try {
            hop = lookUp(t);
        } catch (LinuxException e) {
            if (e.errno() != Errno.ENETUNREACH && e.errno() != Errno.EHOSTUNREACH) {
                fail(e);
            }
        }
        if (!t.answered || !Objects.equals(hop, t.posted)) {
            if (results.offer(new Resolution(t.high, t.low, hop))) {
                t.posted = hop;
                t.answered = true;
                resultsQueued++;
            }
        }
    }

    private NextHop lookUp(Tracked t) throws LinuxException {
        Route route = rtnetlink.routeGet(t.destination);
        if (route.type() != NetlinkConstants.RTN_UNICAST) {
            return null; // local, unreachable, blackhole, ...: nothing to forward to
        }
        t.outputIndex = route.outputIndex();
        t.via = route.nextHop();
        Optional<Link> link = rtnetlink.link(route.outputIndex());
        if (link.isEmpty() || link.get().address().isEmpty()) {
            return null;
        }
        Optional<Neighbour> neighbour = rtnetlink.neighbour(route.outputIndex(), t.via);
        if (neighbour.isPresent() && neighbour.get().usable()) {
            return new NextHop(link.get().index(), link.get().name(), link.get().address().get().asLong(),
                    neighbour.get().linkAddress().map(LinkLayerAddress::asLong).orElseThrow(), link.get().mtu(),
                    route.preferredSource().filter(a -> a instanceof java.net.Inet4Address).map(NeighbourResolver::v4).orElse(0));
        }
        rtnetlink.resolveNeighbour(route.outputIndex(), t.via);
        return null;
    }

    private static int v4(java.net.InetAddress a) {
        byte[] b = a.getAddress();
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    private void fail(Exception e) {
        failures.incrementAndGet();
        lastFailure = e.getMessage();
    }

    /** Stops the thread and closes the sockets. */
    @Override
    public void close() throws LinuxException {
        Thread running;
        synchronized (this) {
            this.running = false;
            running = thread;
            thread = null;
        }
        wakeUp.signal();
        if (running != null) {
            try {
                running.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            events.close();
        } finally {
            wakeUp.close();
            rtnetlink.close();
        }
    }
}
