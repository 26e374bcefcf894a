package io.genrec.eval;

/**
 * Splits users into light / medium / heavy by the length of their training history:
 * light ≤ {@code lightMax} < medium ≤ {@code mediumMax} < heavy.
 *
 * <p>Defaults 5 and 10 fit the 5-core datasets this field mostly uses (Amazon Beauty, Sports, Toys;
 * Yelp): every user has at least 5 interactions, so after leave-one-out a test history has at
 * least 4 items. "Light" is then the users at or just above that floor, where sparse-history
 * effects show, and "heavy" those with more than twice the floor.
 */
public record ActivityGroups(int lightMax, int mediumMax) {

    public static final ActivityGroups DEFAULT = new ActivityGroups(5, 10);

    public ActivityGroups {
        if (lightMax < 0 || mediumMax <= lightMax) {
            throw new IllegalArgumentException("activity thresholds need 0 <= lightMax < mediumMax, got lightMax="
                    + lightMax + ", mediumMax=" + mediumMax);
        }
    }

    public ActivityGroup groupOf(int historyLength) {
        if (historyLength <= lightMax) {
            return ActivityGroup.LIGHT;
        }
        return historyLength <= mediumMax ? ActivityGroup.MEDIUM : ActivityGroup.HEAVY;
    }
}
