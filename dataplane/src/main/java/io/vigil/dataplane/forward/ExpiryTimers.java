package io.vigil.dataplane.forward;

import java.util.concurrent.TimeUnit;
import org.agrona.BitUtil;
import org.agrona.DeadlineTimerWheel;

/**
 * One expiry timer per connection-table entry, on Agrona's {@link DeadlineTimerWheel}, with memory fixed at
 * construction. Agrona's wheel doubles every tick's allocation when one tick overflows; this class never lets that
 * happen: it counts the timers of each tick and, when the tick of a deadline is full, arms the timer on the latest
 * earlier tick with room (the table re-arms a timer that fires before its entry's deadline) or, only when every
 * tick from now to the deadline is full ({@link #TICK_ALLOCATION} timers each), on the first later tick with room,
 * so that it fires late. Scheduling is O(1) unless a tick is full, and never allocates; the search of a burst of
 * equal deadlines resumes where the previous one ended.
 *
 * <p>Time is whatever the caller passes ({@code nowNanos}), never the clock. Owned by the table's thread.
 */
final class ExpiryTimers {

    /** Receives the entry whose timer fired. */
    interface Expiry {
        void onTimer(int slot, long nowNanos);
    }

    /** No timer. Agrona's timer ids are {@code tick << 32 | index}, never negative. */
    static final long NO_TIMER = -1;
    /** Timers per tick (a power of two); Agrona scans a tick's slots linearly to schedule, so keep it small. */
    static final int TICK_ALLOCATION = 64;
    /** About one millisecond (a power of two, as Agrona requires). */
    static final long TICK_NANOS = 1L << 20;
    private static final int MIN_TICKS = 1024;

    private final DeadlineTimerWheel wheel;
    private final int tickMask;
    private final int shift;
    private final int[] timersInTick;
    private final int[] slotOfTimer;
    private final Expiry expiry;
    private final DeadlineTimerWheel.TimerHandler handler = this::fired;
    /** The last full target tick and the tick its timers went to, so that a burst does not search again. */
    private long spillTarget = Long.MIN_VALUE;
    private long spillTick;
    private boolean polling;
    private long pollNanos;
    /** A timer due at the poll's time was armed during the poll, maybe behind the scan: scan the tick again. */
    private boolean armedDue;

    /**
     * @param capacity the most timers ever armed at once
     * @param expiry   called for each timer that fires
     */
    ExpiryTimers(int capacity, Expiry expiry) {
        long wanted = Math.max(MIN_TICKS, 2L * capacity / TICK_ALLOCATION);
        if (wanted > (1 << 24)) {
            throw new IllegalArgumentException("capacity " + capacity + " is too large for the expiry wheel");
        }
        int ticks = BitUtil.findNextPositivePowerOfTwo((int) wanted);
        this.wheel = new DeadlineTimerWheel(TimeUnit.NANOSECONDS, 0, TICK_NANOS, ticks, TICK_ALLOCATION);
        this.tickMask = ticks - 1;
        this.shift = Long.numberOfTrailingZeros(TICK_NANOS);
        this.timersInTick = new int[ticks];
        this.slotOfTimer = new int[ticks * TICK_ALLOCATION];
        this.expiry = expiry;
    }

    /** Timers armed. */
    long count() {
        return wheel.timerCount();
    }

    /** The time timer {@code timerId} will fire at (its deadline or the earlier tick it was moved to). */
    long firesAt(long timerId) {
        return wheel.deadline(timerId);
    }

    /**
     * Arms a timer for entry {@code slot} that fires at {@code deadlineNanos}; when that tick is full, on the latest
     * earlier tick with room (it fires early: the table re-arms it), else on the first later one (it fires late).
     */
    long arm(int slot, long deadlineNanos, long nowNanos) {
        if (wheel.timerCount() == 0 && !polling) {
            wheel.resetStartTime(nowNanos); // an empty wheel restarts at now: no ticks to walk through
        }
        if (polling && deadlineNanos <= pollNanos) {
            armedDue = true;
        }
        long current = currentTick();
        long target = Math.max((deadlineNanos - wheel.startTime()) >> shift, current);
        if (hasRoom(target)) {
            return schedule(slot, deadlineNanos);
        }
        long from = target == spillTarget ? spillTick : target;
        if (from <= target) {
            for (long tick = Math.min(from, target - 1); tick > current; tick--) {
                if (hasRoom(tick)) {
                    return spill(slot, target, tick);
                }
            }
            from = target;
        }
        for (long tick = Math.max(from, target + 1); tick <= current + tickMask + 1; tick++) {
            if (hasRoom(tick)) {
                return spill(slot, target, tick);
            }
        }
        throw new IllegalStateException("expiry wheel full: more timers than the table's capacity");
    }

    /** Disarms a timer armed by {@link #arm}. */
    void cancel(long timerId) {
        if (wheel.cancelTimer(timerId)) {
            timersInTick[(int) (timerId >>> 32)]--;
        }
    }

    /** Fires every timer due at {@code nowNanos}; returns how many fired. */
    int poll(long nowNanos) {
        int fired = 0;
        while (wheel.timerCount() > 0) {
            long tick = currentTick();
            long nowTick = (nowNanos - wheel.startTime()) >> shift;
            long skipTo = tick;
            while (skipTo < nowTick && timersInTick[(int) skipTo & tickMask] == 0) {
                skipTo++;
            }
            if (skipTo != tick) {
                wheel.currentTickTime(tickStart(skipTo));
            }
            long before = wheel.currentTickTime();
            polling = true;
            pollNanos = nowNanos;
            armedDue = false;
            try {
                fired += wheel.poll(nowNanos, handler, Integer.MAX_VALUE);
            } finally {
                polling = false;
            }
            if (wheel.currentTickTime() == before && !armedDue) {
                break;
            }
        }
        return fired;
    }

    /** Arms on {@code tick} instead of {@code target}, and remembers where the search for that target ended. */
    private long spill(int slot, long target, long tick) {
        spillTarget = target;
        spillTick = tick;
        return schedule(slot, tickStart(tick));
    }

    private boolean hasRoom(long tick) {
        return timersInTick[(int) tick & tickMask] < TICK_ALLOCATION;
    }

    private long schedule(int slot, long deadlineNanos) {
        long id = wheel.scheduleTimer(deadlineNanos);
        int tick = (int) (id >>> 32);
        timersInTick[tick]++;
        slotOfTimer[tick * TICK_ALLOCATION + (int) id] = slot;
        return id;
    }

    private boolean fired(TimeUnit unit, long nowNanos, long timerId) {
        int tick = (int) (timerId >>> 32);
        timersInTick[tick]--;
        expiry.onTimer(slotOfTimer[tick * TICK_ALLOCATION + (int) timerId], nowNanos);
        return true;
    }

    private long currentTick() {
        return ((wheel.currentTickTime() - wheel.startTime()) >> shift) - 1;
    }

    private long tickStart(long tick) {
        return wheel.startTime() + (tick << shift);
    }
}
