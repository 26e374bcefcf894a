package io.genrec.eval;

/** How active a user was in training, for reporting quality per group of users. */
public enum ActivityGroup {
    LIGHT, MEDIUM, HEAVY;

    /** Lower-case label used in metric keys such as {@code ndcg@10/light}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
