package io.vigil.healthcheck.check;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HttpResponseHeadTest {

    private static HttpResponseHead parse(String head) {
        byte[] b = head.getBytes(StandardCharsets.ISO_8859_1);
        return HttpResponseHead.parse(b, b.length);
    }

    @Test
    void parsesStatusAndContentLength() {
        assertEquals(new HttpResponseHead(404, OptionalLong.of(12)),
                parse("HTTP/1.1 404 Not Found\r\ncontent-length: 12\r\n\r\n"));
        assertEquals(new HttpResponseHead(200, OptionalLong.of(7)),
                parse("HTTP/1.1 200 OK\r\nServer: x\r\nX-Length: 3\r\nContent-Length : 7\r\n\r\n"));
        assertEquals(new HttpResponseHead(200, OptionalLong.empty()),
                parse("HTTP/1.1 200 OK\r\nServer: x\r\n\r\n"));
        assertEquals(new HttpResponseHead(200, OptionalLong.of(5)), parse("HTTP/1.1 200 OK\r\nContent-Length: 5"));
    }

    @Test
    void malformedStatusLinesGiveZeroAsKeepalivedDoes() {
        assertEquals(0, parse("HTTP/1.1 20 OK\r\n\r\n").statusCode());
        assertEquals(0, parse("garbage\r\n\r\n").statusCode());
        assertEquals(0, parse("HTTP/1.1 2000 OK\r\n\r\n").statusCode());
        assertEquals(200, parse("HTTP/1.0 200\r\n\r\n").statusCode());
    }

    @Test
    void findsTheEndOfTheHead() {
        byte[] b = "HTTP/1.0 200 OK\r\nA: b\r\n\r\nbody".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(25, HttpResponseHead.endOfHead(b, b.length));
        assertEquals(-1, HttpResponseHead.endOfHead(b, 20));
    }
}
