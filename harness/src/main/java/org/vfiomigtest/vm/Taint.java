package org.vfiomigtest.vm;

/**
 * Kernel taint flags, /proc/sys/kernel/tainted (Documentation/admin-guide/
 * tainted-kernels.rst, Linux 6.1). Loading our out-of-tree, unsigned module
 * sets O and E by design; any other new flag fails a run.
 */
public final class Taint {
    /** Letters by bit number, as printed in "Tainted:" lines. */
    private static final String LETTERS = "PFSRMBUDAWCIOELKXTN";
    /** O (TAINT_OOT_MODULE, bit 12) and E (TAINT_UNSIGNED_MODULE, bit 13). */
    public static final long EXPECTED = (1L << 12) | (1L << 13);

    private Taint() {
    }

    /** The flags set in {@code after} but not in {@code before}, minus the expected O and E. */
    public static long unexpectedNew(long before, long after) {
        return after & ~before & ~EXPECTED;
    }

    /** "W (bit 9), D (bit 7)" style names of a flag set. */
    public static String describe(long flags) {
        var sb = new StringBuilder();
        for (int bit = 0; bit < 64; bit++) {
            if ((flags & (1L << bit)) != 0) {
                if (sb.length() > 0) {
                    sb.append(", ");
                }
                sb.append(bit < LETTERS.length() ? LETTERS.charAt(bit) : '?').append(" (bit ").append(bit).append(')');
            }
        }
        return sb.toString();
    }
}
