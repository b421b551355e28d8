package org.vfiomigtest.suite.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void qmpAddressesAreUnsigned64Bit() {
        var region = Json.object(Json.parse("{\"bar\": 2, \"address\": 18446744073709551615}"), "region");
        assertEquals(2, Json.asLong(region.get("bar")));
        assertEquals(-1L, Json.asLong(region.get("address")));
        assertEquals(0xfe000000L, Json.asLong(Json.parse("4261412864")));
    }

    @Test
    void quoteEscapes() {
        assertEquals("\"exec:cat > \\\"a b\\\"\\n\"", Json.quote("exec:cat > \"a b\"\n"));
    }
}
