package org.vfiomigtest.migration;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.vfiomigtest.migration.SpecModel.Clause;
import org.vfiomigtest.migration.SpecModel.Outcome;
import org.vfiomigtest.migration.SpecModel.Violation;
import org.vfiomigtest.sys.Errno;

/**
 * {@link SpecModel} against hand-made readings of the spec text: which states exist, what each
 * write must do, how results are judged. Expectations are listed here, not computed.
 */
class SpecModelTest {

    private static final SpecModel NDMA = SpecModel.of(true);
    private static final SpecModel BASIC = SpecModel.of(false);

    private static DeviceState s(String name) {
        return DeviceState.parse(name);
    }

    @Test
    @DisplayName("valid: the 10 combinations without SAVING|RESUMING or RESUMING|RUNNING, and no reserved bit")
    void validStates() {
        List<String> valid = List.of("STOP", "RUNNING", "SAVING", "RUNNING|SAVING", "RESUMING", "NDMA",
                "RUNNING|NDMA", "SAVING|NDMA", "RUNNING|SAVING|NDMA", "RESUMING|NDMA");
        for (DeviceState st : DeviceState.all()) {
            assertEquals(valid.contains(st.name()), SpecModel.valid(st), st.toString());
        }
        assertFalse(SpecModel.valid(DeviceState.RUNNING.withReservedBits(0x10)), "bit 4 is reserved");
        assertFalse(SpecModel.valid(DeviceState.of(0x80000000)), "bit 31 is reserved");
    }

    @Test
    @DisplayName("supported and reachable: NDMA states only with the capability; ERROR reachable, other invalid not")
    void supportedAndReachable() {
        assertEquals(10, NDMA.supportedStates().size());
        assertEquals(List.of(s("STOP"), s("RUNNING"), s("SAVING"), s("RUNNING|SAVING"), s("RESUMING")),
                BASIC.supportedStates());
        assertAll(() -> assertTrue(NDMA.reachable(DeviceState.ERROR)),
                () -> assertTrue(BASIC.reachable(DeviceState.ERROR)),
                () -> assertFalse(NDMA.reachable(s("SAVING|RESUMING|NDMA"))),
                () -> assertFalse(NDMA.reachable(s("RUNNING|RESUMING"))),
                () -> assertFalse(BASIC.reachable(s("RUNNING|NDMA"))),
                () -> assertFalse(NDMA.reachable(DeviceState.ERROR.withReservedBits(0x100))));
    }

    @Test
    @DisplayName("ERROR is exactly !NDMA|RESUMING|SAVING|!RUNNING")
    void errorEncoding() {
        for (DeviceState st : DeviceState.all()) {
            assertEquals(st.raw() == 6, SpecModel.isError(st), st.toString());
        }
    }

    @Test
    @DisplayName("the default state and the state after reset are exactly RUNNING, from anywhere")
    void defaultAndReset() {
        assertEquals(DeviceState.of(1), NDMA.defaultState());
        for (DeviceState st : DeviceState.all()) {
            assertEquals(DeviceState.of(1), NDMA.afterReset(st));
            assertEquals(DeviceState.of(1), BASIC.afterReset(st.withReservedBits(0xf0)));
        }
    }

    @TestFactory
    @DisplayName("expect: every invalid target is refused, from every reachable state")
    Stream<DynamicTest> invalidTargetsRefused() {
        List<DeviceState> invalid = List.of(s("0x5"), s("0x6"), s("0x7"), s("0xd"), s("0xe"), s("0xf"));
        List<DeviceState> from = Stream.concat(NDMA.supportedStates().stream(), Stream.of(DeviceState.ERROR)).toList();
        return from.stream().map(f -> DynamicTest.dynamicTest(f.toString(), () -> {
            for (DeviceState t : invalid) {
                assertEquals(Outcome.REFUSE, NDMA.expect(f, t).outcome(), f + " -> " + t);
            }
            assertEquals(Outcome.REFUSE, NDMA.expect(f, DeviceState.of(f.raw() | 0x10)).outcome(), "reserved bit 4");
        }));
    }

    @Test
    @DisplayName("expect: the deciding clause of each kind of invalid target")
    void refusalClauses() {
        assertAll(() -> assertEquals(Clause.SAVING_RESUMING, NDMA.expect(s("RUNNING"), s("0x6")).because()),
                () -> assertEquals(Clause.SAVING_RESUMING, NDMA.expect(s("STOP"), s("0xf")).because()),
                () -> assertEquals(Clause.RESUMING_RUNNING, NDMA.expect(s("STOP"), s("0x5")).because()),
                () -> assertEquals(Clause.RESUMING_RUNNING, NDMA.expect(s("STOP"), s("0xd")).because()),
                () -> assertEquals(Clause.RESERVED_BITS, NDMA.expect(s("RUNNING"), s("0x11")).because()));
    }

    @Test
    @DisplayName("expect: valid to valid is ACCEPT (SUPPORT_VALID for one bit, MULTI_BIT for more)")
    void validTransitionsAccepted() {
        int accept = 0;
        int either = 0;
        for (DeviceState f : NDMA.supportedStates()) {
            for (DeviceState t : NDMA.supportedStates()) {
                SpecModel.Expectation e = NDMA.expect(f, t);
                boolean endsResume = f.has(DeviceState.Bit.RESUMING) && !t.has(DeviceState.Bit.RESUMING);
                assertEquals(endsResume ? Outcome.EITHER : Outcome.ACCEPT, e.outcome(), e.toString());
                accept += e.outcome() == Outcome.ACCEPT ? 1 : 0;
                either += e.outcome() == Outcome.EITHER ? 1 : 0;
            }
        }
        // 8 rows without RESUMING x 10 targets, 2 RESUMING rows x 2 RESUMING targets; the rest end a resume
        assertEquals(8 * 10 + 2 * 2, accept);
        assertEquals(2 * 8, either);
        assertEquals(Clause.SUPPORT_VALID, NDMA.expect(s("RUNNING"), s("STOP")).because());
        assertEquals(Clause.MULTI_BIT, NDMA.expect(s("RUNNING"), s("SAVING")).because());
        assertEquals(Clause.SUPPORT_VALID, NDMA.expect(s("SAVING"), s("SAVING")).because());
    }

    @Test
    @DisplayName("expect: from ERROR a valid write may be refused; without the capability NDMA may be refused")
    void eitherCases() {
        assertEquals(Outcome.EITHER, NDMA.expect(DeviceState.ERROR, s("RUNNING")).outcome());
        assertEquals(Clause.ERROR_RESET, NDMA.expect(DeviceState.ERROR, s("STOP")).because());
        assertEquals(Outcome.REFUSE, NDMA.expect(DeviceState.ERROR, DeviceState.ERROR).outcome());
        assertEquals(Outcome.EITHER, BASIC.expect(s("RUNNING"), s("RUNNING|NDMA")).outcome());
        assertEquals(Clause.NDMA_CAP, BASIC.expect(s("STOP"), s("NDMA")).because());
        assertEquals(Outcome.ACCEPT, NDMA.expect(s("STOP"), s("NDMA")).outcome());
        assertEquals(Clause.RESUME_VALIDATE, NDMA.expect(s("RESUMING"), s("RUNNING")).because());
    }

    @Test
    @DisplayName("expect: read-modify-write keeping reserved bits read from the device is judged on the defined bits")
    void readModifyWrite() {
        DeviceState from = s("RUNNING").withReservedBits(0x100);
        assertEquals(Outcome.ACCEPT, NDMA.expect(from, s("STOP").withReservedBits(0x100)).outcome());
        assertEquals(Outcome.REFUSE, NDMA.expect(from, s("STOP")).outcome(), "reserved bits dropped");
    }

    @Test
    @DisplayName("violations: conforming results have none")
    void conformingResults() {
        DeviceState run = s("RUNNING");
        DeviceState stop = s("STOP");
        assertAll(
                () -> assertEquals(List.of(), NDMA.expect(run, stop).violations(TransitionResult.accepted(run, stop, stop))),
                () -> assertEquals(List.of(), NDMA.expect(run, s("0x6")).violations(
                        TransitionResult.refused(run, s("0x6"), Errno.EINVAL, run))),
                () -> assertEquals(List.of(), NDMA.expect(run, s("0x6")).violations(
                        TransitionResult.refused(run, s("0x6"), Errno.EINVAL, DeviceState.ERROR))),
                () -> assertEquals(List.of(), NDMA.expect(s("RESUMING"), stop).violations(
                        TransitionResult.refused(s("RESUMING"), stop, Errno.ENODATA, DeviceState.ERROR))),
                () -> assertEquals(List.of(), NDMA.expect(s("RESUMING"), stop).violations(
                        TransitionResult.accepted(s("RESUMING"), stop, stop))));
    }

    @Test
    @DisplayName("violations: each departure names its clause")
    void departures() {
        DeviceState run = s("RUNNING");
        DeviceState stop = s("STOP");
        DeviceState sr = s("SAVING|RESUMING");
        Map<Clause, List<Violation>> cases = Map.of(
                Clause.SAVING_RESUMING, NDMA.expect(run, sr).violations(TransitionResult.accepted(run, sr, sr)),
                Clause.SYNC, NDMA.expect(run, stop).violations(TransitionResult.accepted(run, stop, run)),
                Clause.SUPPORT_VALID, NDMA.expect(run, stop).violations(
                        TransitionResult.refused(run, stop, Errno.EBUSY, run)),
                Clause.FAIL_STATE, NDMA.expect(s("RESUMING"), stop).violations(
                        TransitionResult.refused(s("RESUMING"), stop, Errno.ENODATA, stop)),
                Clause.FAIL_ERRNO, NDMA.expect(run, s("0x5")).violations(
                        new TransitionResult(run, s("0x5"), 0, "short write: 1 of 4 bytes", run)));
        cases.forEach((clause, found) -> assertEquals(List.of(clause),
                found.stream().map(Violation::clause).toList(), clause + ": " + found));
        assertTrue(cases.get(Clause.SYNC).get(0).toString().contains(Clause.SYNC.text()), "message quotes the spec");
    }

    @Test
    @DisplayName("defined fields: pending_bytes only while SAVING, data fields while SAVING or RESUMING, not in ERROR")
    void definedFields() {
        assertAll(() -> assertTrue(SpecModel.defined(MigrationField.PENDING_BYTES, s("RUNNING|SAVING"))),
                () -> assertFalse(SpecModel.defined(MigrationField.PENDING_BYTES, s("RESUMING"))),
                () -> assertTrue(SpecModel.defined(MigrationField.DATA_OFFSET, s("RESUMING|NDMA"))),
                () -> assertTrue(SpecModel.defined(MigrationField.DATA_SIZE, s("SAVING"))),
                () -> assertFalse(SpecModel.defined(MigrationField.DATA_SIZE, s("RUNNING|NDMA"))),
                () -> assertFalse(SpecModel.defined(MigrationField.DATA_OFFSET, DeviceState.ERROR)),
                () -> assertTrue(SpecModel.defined(MigrationField.RESERVED, DeviceState.ERROR)),
                () -> assertTrue(SpecModel.defined(MigrationField.DEVICE_STATE, s("STOP"))),
                () -> assertTrue(SpecModel.userWritable(MigrationField.DATA_SIZE, s("RESUMING"))),
                () -> assertFalse(SpecModel.userWritable(MigrationField.DATA_SIZE, s("SAVING"))),
                () -> assertFalse(SpecModel.userWritable(MigrationField.PENDING_BYTES, s("SAVING"))));
    }

    @Test
    @DisplayName("attemptTransition records accepted and refused writes against a simulated region")
    void attemptTransition(@TempDir Path dir) throws Exception {
        try (var sim = new SimulatedRegion(dir, false, false, List.of());
             var region = MigrationRegion.of(sim, new AccessTrace())) {
            TransitionResult ok = region.attemptTransition(s("RUNNING|SAVING"));
            TransitionResult refused = region.attemptTransition(s("SAVING|RESUMING"));
            assertAll(() -> assertEquals(TransitionResult.accepted(s("RUNNING"), s("RUNNING|SAVING"), s("RUNNING|SAVING")), ok),
                    () -> assertEquals(Errno.EINVAL, refused.errnoName()),
                    () -> assertEquals(s("RUNNING|SAVING"), refused.after()),
                    () -> assertEquals(List.of(), NDMA.expect(refused.before(), refused.requested()).violations(refused)));
        }
    }
}
