package io.genrec.config;

import java.util.Collection;

/** Finds the valid key a mistyped one most likely meant ("max_len" → "max_length"). */
final class KeySuggestion {
  private KeySuggestion() {}

  /** The closest candidate, or null when none is plausibly a typo of {@code key}. */
  static String nearest(String key, Collection<String> candidates) {
    String best = null;
    int bestScore = Integer.MAX_VALUE;
    for (String c : candidates) {
      int score = distance(key, c);
      // A prefix ("max_len" of "max_length") is a likely truncation even when the edit distance is large.
      if (c.startsWith(key) || key.startsWith(c)) score = Math.min(score, 1);
      if (score < bestScore) {
        bestScore = score;
        best = c;
      }
    }
    int allowed = Math.max(2, key.length() / 3);
    return bestScore <= allowed ? best : null;
  }

  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
