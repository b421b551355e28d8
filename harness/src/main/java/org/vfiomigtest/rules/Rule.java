package org.vfiomigtest.rules;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One normative statement of the spec ({@code shared/spec/migration-region-spec.h.txt}).
 *
 * @param id      {@code AREA-NN}, e.g. {@code DS-03}
 * @param kind    the force of the statement
 * @param side    who the statement binds
 * @param summary a few words for tables and display names
 * @param quote   the spec's words, {@code "..."} marking elisions
 */
public record Rule(String id, Kind kind, Side side, String summary, String quote) {

    /** An id: an upper-case area prefix of two to four letters, a dash, two digits. */
    public static final Pattern ID = Pattern.compile("([A-Z]{2,4})-([0-9]{2})");

    /** The force of a statement: the modal verb of the spec's sentence. */
    public enum Kind {
        MUST("must"), MUST_NOT("must-not"), SHOULD("should"), MAY("may");

        /** The spelling used in rules.txt and in JSON. */
        public final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The kind spelled {@code label}, or {@code null}. */
        public static Kind of(String label) {
            for (Kind k : values()) {
                if (k.label.equals(label)) {
                    return k;
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** Who a statement binds: the kernel migration driver (and its device), or the VFIO user. */
    public enum Side {
        DRIVER("driver"), USER("user");

        /** The spelling used in rules.txt and in JSON. */
        public final String label;

        Side(String label) {
            this.label = label;
        }

        /** The side spelled {@code label}, or {@code null}. */
        public static Side of(String label) {
            for (Side s : values()) {
                if (s.label.equals(label)) {
                    return s;
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(quote, "quote");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("rule id '" + id + "' is not AREA-NN (e.g. DS-03)");
        }
    }

    /** The area prefix: {@code DS} for {@code DS-03}. */
    public String prefix() {
        return prefixOf(id);
    }

    /** What a test method's name starts with: {@code ds03} for {@code DS-03}. */
    public String methodToken() {
        return methodToken(id);
    }

    /** The area prefix of an id ({@code DS} for {@code DS-03}); the whole string if it has no dash. */
    public static String prefixOf(String id) {
        int dash = id.indexOf('-');
        return dash < 0 ? id : id.substring(0, dash);
    }

    /** The lower-cased id without its dash: {@code ds03} for {@code DS-03}. */
    public static String methodToken(String id) {
        return id.replace("-", "").toLowerCase(Locale.ROOT);
    }
}
