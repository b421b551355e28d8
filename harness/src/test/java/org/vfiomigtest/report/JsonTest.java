package org.vfiomigtest.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void numbersAreLongsThenBigIntegersThenDoubles() {
        assertEquals(List.of(-5L, 9223372036854775807L, new BigInteger("18446744073709551615"), 0.5),
                Json.read("[-5, 9223372036854775807, 18446744073709551615, 0.5]"));
    }

    @Test
    void objectsKeepTheirOrderAndStringsTheirEscapes() {
        Object doc = Json.read("{\"b\": \"x\\n\\u0041\", \"a\": [true, null]}");
        assertEquals(List.of("b", "a"), List.copyOf(((Map<?, ?>) doc).keySet()));
        assertEquals("x\nA", ((Map<?, ?>) doc).get("b"));
        assertEquals(doc, Json.read(Json.write(doc)));
    }

    @Test
    void errorsNameTheOffset() {
        var e = assertThrows(IllegalArgumentException.class, () -> Json.read("{\"a\": 1,}"));
        assertEquals("JSON: expected a member name at offset 8", e.getMessage());
    }
}
