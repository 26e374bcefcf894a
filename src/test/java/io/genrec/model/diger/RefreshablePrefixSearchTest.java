package io.genrec.model.diger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.nn.Params;
import io.genrec.nn.TfRun;
import io.genrec.semid.ConstrainedBeamSearch;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class RefreshablePrefixSearchTest {

  private static DigerIds random(long seed) {
    Random rng = new Random(seed);
    int[][] prefixes = new int[31][2];
    for (int item = 1; item <= 30; item++) prefixes[item] = new int[] {rng.nextInt(4), rng.nextInt(4)};
    return DigerIds.of(prefixes, 4, 30);
  }

  @Test
  void afterAnIdRefreshTheSearchReturnsOnlyItemsThatExistUnderTheNewIds() {
    DigerIds before = random(1);
    DigerIds after = random(2);
    assertTrue(after.changedSince(before) > 10);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params params = new Params(tf, 1, false);
      RefreshablePrefixSearch search = new RefreshablePrefixSearch(params, "p", before, 40, true);
      // Random scores over every code: only the tables decide which tuples survive.
      ConstrainedBeamSearch.LevelScorer scorer = (level, prefixes, parents, width) -> {
        int radix = before.radices()[level];
        Operand<TFloat32> noise = tf.random.statelessRandomUniform(
            tf.constant(new int[] {1, width, radix}), tf.constant(new long[] {3, level}), TFloat32.class);
        return tf.nn.logSoftmax(noise);
      };
      ConstrainedBeamSearch.Result result = search.search(tf, tf.constant(1), scorer, tf.constant(new int[][] {{0}}),
          tf.constant(30));
      try (Session s = TfRun.session(g)) {
        check(s, result, before);
        search.assign(s, after);
        check(s, result, after);
      }
    }
  }

  private static void check(Session s, ConstrainedBeamSearch.Result result, DigerIds ids) {
    try (Result r = s.runner().fetch(result.items()).fetch(result.codes()).run()) {
      TInt32 items = (TInt32) r.get(0);
      TInt32 codes = (TInt32) r.get(1);
      Set<Integer> seen = new HashSet<>();
      int returned = Math.toIntExact(items.shape().get(1));
      for (int j = 0; j < returned; j++) {
        int item = items.getInt(0, j);
        if (item == 0) continue;
        assertTrue(seen.add(item), "each item once");
        int[] id = new int[3];
        for (int l = 0; l < 3; l++) id[l] = codes.getInt(0, j, l);
        assertArrayEquals(ids.table()[item], id, "item " + item + " is returned under its current ID");
      }
      assertEquals(30, seen.size(), "all 30 items are reachable within a beam of 40");
    }
  }
}
