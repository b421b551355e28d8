package org.vfiomigtest.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vfiomigtest.vm.ConsoleScanner.Finding;
import org.vfiomigtest.vm.ConsoleScanner.Kind;

/** The scanner on real consoles captured from the Debian 6.1 guest (src/test/resources/consoles). */
class ConsoleScannerTest {

    private static String capture(String name) throws IOException {
        try (InputStream in = ConsoleScannerTest.class.getResourceAsStream("/consoles/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static List<Kind> kinds(List<Finding> f) {
        return f.stream().map(Finding::kind).distinct().toList();
    }

    @Test
    void cleanRunHasNoFindings() throws IOException {
        assertEquals(List.of(), ConsoleScanner.scan(capture("clean.log")));
    }

    @Test
    void realWarnIsFoundWithItsTraceAndTheWTaint() throws IOException {
        List<Finding> f = ConsoleScanner.scan(capture("warn.log"));
        assertEquals(List.of(Kind.WARNING, Kind.TAINT), kinds(f));
        assertTrue(f.get(0).excerpt().contains("cap_init"), f.get(0).excerpt());
        assertTrue(f.get(1).excerpt().contains("W (bit 9)"), f.get(1).excerpt());
    }

    @Test
    void realNullDereferenceIsBugAndOopsAndPanic() throws IOException {
        List<Kind> k = kinds(ConsoleScanner.scan(capture("oops.log")));
        assertTrue(k.containsAll(List.of(Kind.BUG, Kind.OOPS, Kind.PANIC)), k.toString());
    }

    @Test
    void realPanicIsFound() throws IOException {
        List<Finding> f = ConsoleScanner.scan(capture("panic.log"));
        assertEquals(Kind.PANIC, f.get(0).kind());
        assertTrue(f.get(0).excerpt().contains("sysrq triggered crash"));
    }

    @Test
    void callTraceRightAfterAWarningIsNotCountedTwice() throws IOException {
        long traces = ConsoleScanner.scan(capture("warn.log")).stream()
                .filter(x -> x.kind() == Kind.CALL_TRACE).count();
        assertEquals(0, traces);
    }

    @Test
    void userSpaceLinesAreNotTheKernels() {
        String text = GuestContract.COMMAND_TAG + "WARNING: A restricted method in java.lang.System has been called\n"
                + TestVm.QEMU_TAG + "Kernel panic in a file name\n";
        assertEquals(List.of(), ConsoleScanner.scan(text));
    }

    @Test
    void outOfTreeUnsignedTaintIsExpected() {
        String text = "migtest-guest: taint-before=0\nmigtest-guest: taint-after=12288\n";
        assertEquals(List.of(), ConsoleScanner.scan(text));
    }

    @Test
    void anyOtherNewTaintFails() {
        String text = "migtest-guest: taint-before=4096\nmigtest-guest: taint-after=" + (4096 | 8192 | 128) + "\n";
        List<Finding> f = ConsoleScanner.scan(text);
        assertEquals(List.of(Kind.TAINT), kinds(f));
        assertTrue(f.get(0).excerpt().contains("D (bit 7)"), f.get(0).excerpt());
    }
}
