package io.vigil.dataplane.linux.netlink;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Test datagrams: captured kernel replies from test resources, and hand-built messages. */
final class Datagrams {

    private Datagrams() {
    }

    /** A captured datagram stored as hex in {@code src/test/resources/netlink/NAME.hex}. */
    static byte[] captured(String name) {
        try (InputStream in = Datagrams.class.getResourceAsStream("/netlink/" + name + ".hex")) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource /netlink/" + name + ".hex");
            }
            return HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A native segment holding exactly {@code bytes}. */
    static MemorySegment segment(byte[] bytes) {
        MemorySegment s = Arena.ofAuto().allocate(Math.max(bytes.length, 1), 8);
        MemorySegment.copy(bytes, 0, s, JAVA_BYTE, 0, bytes.length);
        return s;
    }

    /** The bytes of a finished request. */
    static byte[] bytes(NetlinkRequest request) {
        request.finish();
        return request.message().toArray(JAVA_BYTE);
    }

    /** A fresh builder with room for one message. */
    static NetlinkRequest builder() {
        return new NetlinkRequest(Arena.ofAuto().allocate(512, 8));
    }

    /** Concatenation, as the kernel packs several messages into one datagram. */
    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
