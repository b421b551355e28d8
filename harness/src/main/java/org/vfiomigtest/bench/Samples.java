package org.vfiomigtest.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Repeated measurements of one quantity: median and spread, as the bench reports them. */
public record Samples(String unit, List<Double> values) {
    public Samples {
        values = List.copyOf(values);
    }

    public static Samples of(String unit, List<? extends Number> values) {
        return new Samples(unit, values.stream().map(Number::doubleValue).toList());
    }

    private List<Double> sorted() {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        return s;
    }

    /** The median; NaN without values. */
    public double median() {
        List<Double> s = sorted();
        if (s.isEmpty()) {
            return Double.NaN;
        }
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    public double min() {
        return values.isEmpty() ? Double.NaN : sorted().get(0);
    }

    public double max() {
        return values.isEmpty() ? Double.NaN : sorted().get(values.size() - 1);
    }

    /** (max - min) / median: how far apart the repetitions were; 0 with one value. */
    public double spread() {
        double m = median();
        return values.size() < 2 || m == 0 ? 0 : (max() - min()) / m;
    }

    /** JSON-ready: unit, median, min, max, spread, values. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("unit", unit);
        m.put("median", round(median()));
        m.put("min", round(min()));
        m.put("max", round(max()));
        m.put("spread", round(spread()));
        m.put("values", values.stream().map(Samples::round).toList());
        return m;
    }

    /** Back from {@link #toMap()}'s values (as a JSON reader gives them). */
    public static Samples fromMap(Map<?, ?> m) {
        List<Number> v = new ArrayList<>();
        for (Object o : (List<?>) m.get("values")) {
            v.add((Number) o);
        }
        return of((String) m.get("unit"), v);
    }

    /** Three decimals, as the JSON carries figures. */
    public static double round(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 1000) / 1000.0;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%.2f %s (min %.2f, max %.2f, n=%d)", median(), unit, min(), max(),
                values.size());
    }
}
