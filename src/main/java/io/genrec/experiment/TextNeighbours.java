package io.genrec.experiment;

import io.genrec.data.IdMap;
import io.genrec.eval.TopKSelector;
import java.util.ArrayList;
import java.util.List;

/**
 * Content-only recommendations: a history is the mean of its items' L2-normalised embeddings, and
 * items are ranked by cosine with it, the history's own items left out (they are the nearest by
 * construction). Needs no training, so it scores items no model has seen as well as any other.
 */
final class TextNeighbours {
  private final float[][] unit;
  private final IdMap items;

  /** @param table {@code [items.size() + 1][dim]}, row i the item with dense id i (row 0 padding) */
  TextNeighbours(float[][] table, IdMap items) {
    this.items = items;
    unit = new float[table.length][];
    unit[0] = new float[table[0].length];
    for (int i = 1; i < table.length; i++) {
      double norm = 0;
      for (float v : table[i]) norm += v * v;
      float scale = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
      unit[i] = new float[table[i].length];
      for (int j = 0; j < table[i].length; j++) unit[i][j] = table[i][j] * scale;
    }
  }

  /** The {@code k} nearest items to {@code history} (original ids; unknown ones ignored), best first. */
  String[] rank(List<String> history, int k) {
    int dim = unit[0].length;
    float[] user = new float[dim];
    List<Integer> known = new ArrayList<>();
    for (String id : history) {
      if (!items.contains(id)) continue;
      int item = items.index(id);
      known.add(item);
      for (int j = 0; j < dim; j++) user[j] += unit[item][j];
    }
    float[] scores = new float[unit.length];
    for (int i = 1; i < unit.length; i++) {
      float dot = 0;
      for (int j = 0; j < dim; j++) dot += unit[i][j] * user[j];
      scores[i] = dot;
    }
    int[] top = TopKSelector.select(scores, k, known.stream().mapToInt(Integer::intValue).toArray());
    String[] out = new String[top.length];
    for (int i = 0; i < top.length; i++) out[i] = items.original(top[i]);
    return out;
  }
}
