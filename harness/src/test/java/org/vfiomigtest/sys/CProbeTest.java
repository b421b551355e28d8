package org.vfiomigtest.sys;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The ABI probe can fail: a wrong expectation is reported with both values. */
class CProbeTest {

    @Test
    @DisplayName("a wrong expectation fails, naming the expression and both values")
    void mismatchFails() {
        CProbe.assumeGcc();
        var probe = new CProbe().expect("sizeof(int)", 4).expect("sizeof(long long)", 7);
        AssertionFailedError e = assertThrows(AssertionFailedError.class, probe::verify);
        assertTrue(e.getMessage().contains("sizeof(long long): C says 8, Java says 7"), e.getMessage());
    }

    @Test
    @DisplayName("a right expectation passes")
    void matchPasses() throws Exception {
        new CProbe().expect("sizeof(int)", 4).expect("offsetof(struct { char a; int b; }, b)", 4).verify();
    }
}
