package io.vigil.director.tunnel;

import io.vigil.dataplane.lab.Netns;
import io.vigil.dataplane.linux.IpipSocket;
import io.vigil.dataplane.linux.LinuxException;
import io.vigil.dataplane.linux.TunDevice;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The director's part of LVS-TUN, played by the test while the real dataplane is written elsewhere: in the director
 * namespace the VIP is routed into a TUN device, and a thread reads each client packet from it and sends it
 * IPIP-encapsulated (a raw protocol-4 socket; the kernel builds the outer header) to the real server. Only IPv4
 * packets are forwarded.
 *
 * <p>Thread safety: the forwarding thread owns the device and the socket; {@link #forwarded()} and {@link #close()}
 * may be called from the test's thread.
 */
final class ScriptedTunDirector implements AutoCloseable {

    private final AtomicLong forwarded = new AtomicLong();
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private final Thread thread;
    private volatile boolean running = true;

    private ScriptedTunDirector(Netns ns, String device, int realServer) {
        this.thread = ns.namespace().newThread("scripted-director", () -> forward(device, realServer));
    }

    /** Creates {@code device} in {@code ns}, routes {@code vip}/32 into it and forwards to {@code realServer}. */
    static ScriptedTunDirector start(Netns ns, String device, String vip, int realServer) throws Exception {
        ScriptedTunDirector director = new ScriptedTunDirector(ns, device, realServer);
        director.thread.start();
        director.ready.get(10, TimeUnit.SECONDS);
        ns.exec("ip", "route", "add", vip + "/32", "dev", device).orThrow();
        return director;
    }

    private void forward(String deviceName, int realServer) {
        try (TunDevice device = TunDevice.create(deviceName);
             IpipSocket socket = IpipSocket.open();
             Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(65_536);
            ready.complete(device.name());
            while (running) {
                if (!device.awaitReadable(100)) {
                    continue;
                }
                long length;
                while ((length = device.read(buffer)) >= 0) {
                    // Only IPv4: the kernel also sends the device's own IPv6 router solicitations and MLD reports.
                    boolean ipv4 = (buffer.get(ValueLayout.JAVA_BYTE, 0) & 0xf0) == 0x40;
                    if (ipv4 && socket.send(buffer, length, realServer)) {
                        forwarded.incrementAndGet();
                    }
                }
            }
        } catch (LinuxException | RuntimeException e) {
            ready.completeExceptionally(e);
            throw new IllegalStateException("scripted director failed: " + e.getMessage(), e);
        }
    }

    /** Client packets sent on to the real server so far. */
    long forwarded() {
        return forwarded.get();
    }

    /** Waits until no packet has been forwarded for {@code quietMillis}, and returns the count. */
    long awaitQuiet(long quietMillis) throws InterruptedException {
        long last = forwarded();
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < TimeUnit.MILLISECONDS.toNanos(quietMillis)) {
            Thread.sleep(50);
            long now = forwarded();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            }
        }
        return last;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
