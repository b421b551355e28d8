package org.vfiomigtest.migration;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link DeviceState} against a reading of the spec's text (migration-region-spec.h.txt), not
 * against the macros it implements: "All combinations for the above defined device_state bits are
 * considered valid with the following exceptions: RESUMING and SAVING are mutually exclusive ...
 * Combinations involving (RESUMING | RUNNING) are currently unsupported".
 */
class DeviceStateTest {

    /** The invalid states, listed by hand from the two exceptions, with the reason. */
    private static final Map<String, String> INVALID = Map.of(
            "SAVING|RESUMING", "SAVING and RESUMING are mutually exclusive (the ERROR state)",
            "RUNNING|SAVING|RESUMING", "SAVING and RESUMING are mutually exclusive",
            "SAVING|RESUMING|NDMA", "SAVING and RESUMING are mutually exclusive",
            "RUNNING|SAVING|RESUMING|NDMA", "SAVING and RESUMING are mutually exclusive",
            "RUNNING|RESUMING", "RESUMING|RUNNING is unsupported",
            "RUNNING|RESUMING|NDMA", "RESUMING|RUNNING is unsupported");

    @TestFactory
    @DisplayName("VALID over all 16 states follows the spec's two exceptions")
    Stream<DynamicTest> validity() {
        return DeviceState.all().stream().map(s -> DynamicTest.dynamicTest(s.toString(), () -> {
            String reason = INVALID.get(s.name());
            assertEquals(reason == null, s.isValid(), s + (reason == null ? " should be valid" : ": " + reason));
        }));
    }

    @Test
    @DisplayName("the hand-written invalid list names 6 distinct states")
    void invalidListIsWellFormed() {
        assertEquals(6, INVALID.keySet().stream().map(DeviceState::parse).distinct().count());
        assertEquals(10, DeviceState.all().stream().filter(DeviceState::isValid).count());
    }

    @TestFactory
    @DisplayName("IS_ERROR holds only for !NDMA | RESUMING | SAVING | !RUNNING")
    Stream<DynamicTest> isError() {
        return DeviceState.all().stream().map(s -> DynamicTest.dynamicTest(s.toString(),
                () -> assertEquals(s.raw() == 0b0110, s.isError(), s.toString())));
    }

    @TestFactory
    @DisplayName("SET_ERROR yields the ERROR state from every state")
    Stream<DynamicTest> setError() {
        return DeviceState.all().stream().map(s -> DynamicTest.dynamicTest(s.toString(), () -> {
            DeviceState e = s.withError();
            assertAll(() -> assertEquals(DeviceState.ERROR, e),
                    () -> assertTrue(e.isError()),
                    () -> assertFalse(e.isValid(), "ERROR is one of the invalid combinations"));
        }));
    }

    @Test
    @DisplayName("reserved bits 31:4 do not change VALID or IS_ERROR, and SET_ERROR keeps them")
    void reservedBits() {
        DeviceState s = DeviceState.RUNNING.withReservedBits(0xf0);
        assertAll(() -> assertTrue(s.isValid()),
                () -> assertEquals(0xf0, s.reservedBits()),
                () -> assertEquals(0xf6, s.withError().raw()),
                () -> assertTrue(DeviceState.of(0x80000006).isError()),
                () -> assertEquals(0xfffffff6, DeviceState.setError(0xffffffff)));
    }

    @Test
    @DisplayName("names: bits in order joined by |, STOP for 0, reserved bits in hex")
    void names() {
        assertAll(() -> assertEquals("STOP", DeviceState.STOP.name()),
                () -> assertEquals("RUNNING|SAVING", DeviceState.PRE_COPY.name()),
                () -> assertEquals("SAVING|RESUMING", DeviceState.ERROR.name()),
                () -> assertEquals("RUNNING|NDMA", DeviceState.RUNNING.with(DeviceState.Bit.NDMA).name()),
                () -> assertEquals("SAVING|0x100", DeviceState.of(0x102).name()),
                () -> assertEquals("RUNNING|SAVING (0x3)", DeviceState.PRE_COPY.toString()));
    }

    @Test
    @DisplayName("parse reads names back, in any order and case, and numbers")
    void parseRoundTrips() {
        for (DeviceState s : DeviceState.all()) {
            assertEquals(s, DeviceState.parse(s.name()), s.name());
        }
        assertAll(() -> assertEquals(DeviceState.PRE_COPY, DeviceState.parse("saving | RUNNING")),
                () -> assertEquals(DeviceState.ERROR, DeviceState.parse("ERROR")),
                () -> assertEquals(DeviceState.of(0x102), DeviceState.parse("SAVING|0x100")),
                () -> assertEquals(DeviceState.of(5), DeviceState.parse("5")));
    }

    @ParameterizedTest(name = "{index}: \"{0}\" is rejected")
    @ValueSource(strings = {"RUNNING|BOGUS", "", "RUNNING||SAVING", "0xZZ"})
    void parseRejects(String text) {
        var e = assertThrows(IllegalArgumentException.class, () -> DeviceState.parse(text));
        assertTrue(e.getMessage().contains("device_state \"" + text + "\""), e.getMessage());
    }

    @Test
    @DisplayName("with/without/has manipulate single bits")
    void bits() {
        DeviceState s = DeviceState.STOP.with(DeviceState.Bit.SAVING, DeviceState.Bit.NDMA);
        assertAll(() -> assertTrue(s.has(DeviceState.Bit.SAVING)),
                () -> assertFalse(s.has(DeviceState.Bit.RUNNING)),
                () -> assertEquals(DeviceState.STOP_COPY, s.without(DeviceState.Bit.NDMA)));
    }
}
