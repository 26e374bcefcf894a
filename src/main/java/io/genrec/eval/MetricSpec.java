package io.genrec.eval;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * One metric at one cut-off, e.g. NDCG@10. Parsed from names such as {@code N@10},
 * {@code ndcg@10} or {@code NDCG@10} (case-insensitive).
 */
public record MetricSpec(MetricKind kind, int k) {

    public MetricSpec {
        Objects.requireNonNull(kind, "kind");
        if (k < 1) {
            throw new IllegalArgumentException("cut-off K must be positive, got " + k);
        }
    }

    /**
     * Parses {@code NAME@K}.
     *
     * @throws IllegalArgumentException naming the bad input and listing the valid forms
     */
    public static MetricSpec parse(String name) {
        Objects.requireNonNull(name, "metric name");
        String trimmed = name.trim();
        int at = trimmed.indexOf('@');
        if (at <= 0 || at == trimmed.length() - 1) {
            throw invalid(name, "expected NAME@K");
        }
        MetricKind kind = MetricKind.byAlias(trimmed.substring(0, at).toLowerCase(Locale.ROOT));
        if (kind == null) {
            throw invalid(name, "unknown metric name");
        }
        String digits = trimmed.substring(at + 1);
        // Integer.parseInt alone would accept "+10"; a metric name should have one spelling of K.
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                throw invalid(name, "K must be a positive integer");
            }
        }
        int k;
        try {
            k = Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(message(name, "K is too large"), e);
        }
        if (k < 1) {
            throw invalid(name, "K must be a positive integer");
        }
        return new MetricSpec(kind, k);
    }

    /** Parses each name in order; fails on the first bad one. */
    public static List<MetricSpec> parseAll(Collection<String> names) {
        List<MetricSpec> specs = new ArrayList<>(names.size());
        for (String name : names) {
            specs.add(parse(name));
        }
        return specs;
    }

    /** The key used in JSON and CSV, e.g. {@code ndcg@10}; {@link #parse} accepts it back. */
    public String key() {
        return kind.keyName() + "@" + k;
    }

    /** The short name for tables and logs, e.g. {@code N@10}; {@link #parse} accepts it back. */
    public String displayName() {
        return kind.displayName() + "@" + k;
    }

    @Override
    public String toString() {
        return displayName();
    }

    private static IllegalArgumentException invalid(String name, String reason) {
        return new IllegalArgumentException(message(name, reason));
    }

    private static String message(String name, String reason) {
        StringJoiner forms = new StringJoiner(", ");
        for (MetricKind kind : MetricKind.values()) {
            forms.add(String.join("|", kind.aliases()));
        }
        return "Invalid metric \"" + name + "\" (" + reason + "): expected NAME@K with K a positive integer"
                + " and NAME one of " + forms + " (case-insensitive), e.g. N@10 or recall@20";
    }
}
