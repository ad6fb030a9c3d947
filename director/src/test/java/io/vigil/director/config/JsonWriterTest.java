package io.vigil.director.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

    private static Config parse(String json) {
        return ConfigFactory.parseString(json, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON));
    }

    @Test
    void writesNestedValidJsonWithEscapes() throws Exception {
        String json = new JsonWriter().beginObject()
                .field("s", "a\"b\\c\nd\u0001")
                .field("skipped", null)
                .field("n", 5).field("b", true)
                .name("list").beginArray().value(1).beginObject().endObject().beginArray().endArray().endArray()
                .field("t", Duration.ofMillis(1500))
                .field("ip6", InetAddress.getByName("2001:db8:0:0:1:0:0:1"))
                .endObject().toString();
        Config c = parse(json);
        assertEquals("a\"b\\c\nd\u0001", c.getString("s"));
        assertEquals(false, c.hasPath("skipped"));
        assertEquals(5, c.getInt("n"));
        assertEquals(3, c.getList("list").size());
        assertEquals(1.5, c.getDouble("t"));
        assertEquals("2001:db8::1:0:0:1", c.getString("ip6"));
    }

    @Test
    void secondsAndAddressesAreNormalised() throws Exception {
        assertEquals("1", JsonWriter.seconds(Duration.ofSeconds(1)));
        assertEquals("60", JsonWriter.seconds(Duration.ofSeconds(60)));
        assertEquals("0.000001", JsonWriter.seconds(Duration.ofNanos(1000)));
        assertEquals("0", JsonWriter.seconds(Duration.ZERO));
        assertEquals("ff02::12", JsonWriter.address(InetAddress.getByName("ff02::12")));
        assertEquals("::", JsonWriter.address(InetAddress.getByName("::")));
        assertEquals("1:0:1:0:1:0:1:0", JsonWriter.address(InetAddress.getByName("1:0:1:0:1:0:1:0")));
        assertEquals("198.18.0.1", JsonWriter.address(InetAddress.getByName("198.18.0.1")));
    }
}
