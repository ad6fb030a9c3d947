package io.vigil.director.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VirtualIpAddressTest {

    private static final SourcePosition AT = new SourcePosition("keepalived.conf", 7, 9);

    private static VirtualIpAddress vip(String address, int prefix, String... flags) throws Exception {
        return new VirtualIpAddress(InetAddress.getByName(address), prefix, null, null, null, null, null, false,
                List.of(flags), AT);
    }

    @Test
    void anIpv6HostAddressIsDeprecatedByDefaultAsKeepalivedAddsIt() throws Exception {
        assertTrue(vip("fd00:198:18::100", 128).deprecated());
        assertFalse(vip("fd00:198:18::100", 64).deprecated(), "a /64 stays preferred unless told");
        assertFalse(vip("198.18.0.100", 32).deprecated(), "IPv4 has no deprecated addresses here");
    }

    @Test
    void preferredLftOverridesTheDefault() throws Exception {
        assertFalse(vip("fd00:198:18::100", 128, "preferred_lft forever").deprecated());
        assertFalse(vip("fd00:198:18::100", 128, "preferred_lft 3600").deprecated(), "seconds count as forever");
        assertTrue(vip("fd00:198:18::100", 64, "home", "preferred_lft 0").deprecated());
        assertEquals(Optional.of("0"), vip("fd00:198:18::100", 64, "preferred_lft 0").preferredLifetime());
        assertEquals(Optional.empty(), vip("fd00:198:18::100", 64, "home").preferredLifetime());
    }
}
