package io.genrec.tokenize;

import java.util.Arrays;

/**
 * Capacity-capped assignment, greedy by distance: (point, centroid) pairs are taken in increasing
 * distance, skipping points already placed and centroids already holding {@code ceil(n / k)}
 * points.
 *
 * <p>Rather than sorting all {@code n·k} pairs, a heap holds each unplaced point's nearest centroid
 * not yet refused (a point's centroids are sorted only once its nearest one refuses it); popping
 * the heap yields the pairs in the same global order (ties: lower point, then lower centroid), so
 * the result is that of the full sort at a fraction of the cost.
 */
final class BalancedAssignment {
  private BalancedAssignment() {}

  /**
   * @param table {@code n × k} squared distances, all non-negative
   * @param assignment receives each point's centroid
   * @param distance receives each point's squared distance to it
   */
  static void assign(float[] table, int n, int k, RowChunks chunks, int[] assignment, float[] distance) {
    int cap = (n + k - 1) / k;
    // Most points get their nearest centroid, so a point's full order is sorted only once that
    // centroid refuses it; until then next[point] = -1 and nearest[point] stands in.
    int[] nearest = new int[n];
    chunks.run(
        n,
        (chunk, from, to) -> {
          for (int i = from; i < to; i++) {
            int row = i * k;
            int best = 0;
            for (int j = 1; j < k; j++) if (table[row + j] < table[row + best]) best = j;
            nearest[i] = best;
          }
        });
    int[] order = new int[n * k];
    int[] next = new int[n];
    Arrays.fill(next, -1);
    long[] keys = new long[k];
    long[] heap = new long[n];
    for (int i = 0; i < n; i++) heap[i] = key(table[i * k + nearest[i]], i);
    for (int h = n / 2 - 1; h >= 0; h--) siftDown(heap, n, h);
    int size = n;
    int[] sizes = new int[k];
    while (size > 0) {
      int point = (int) heap[0];
      int row = point * k;
      int cluster = next[point] < 0 ? nearest[point] : order[row + next[point]];
      if (sizes[cluster] < cap) {
        sizes[cluster]++;
        assignment[point] = cluster;
        distance[point] = table[row + cluster];
        heap[0] = heap[--size];
      } else {
        if (next[point] < 0) {
          for (int j = 0; j < k; j++) keys[j] = key(table[row + j], j);
          Arrays.sort(keys);
          for (int j = 0; j < k; j++) order[row + j] = (int) keys[j];
          next[point] = 0; // order[row] is nearest[point]: same distance, lowest index first
        }
        // Total capacity is at least n, so a point always finds room before its list ends.
        next[point]++;
        heap[0] = key(table[row + order[row + next[point]]], point);
      }
      siftDown(heap, size, 0);
    }
  }

  /** Non-negative floats order like their bit patterns, so one long orders by (distance, index). */
  private static long key(float squaredDistance, int index) {
    return ((long) Float.floatToRawIntBits(squaredDistance) << 32) | index;
  }

  private static void siftDown(long[] heap, int size, int from) {
    int h = from;
    long value = heap[h];
    while (true) {
      int child = 2 * h + 1;
      if (child >= size) break;
      if (child + 1 < size && heap[child + 1] < heap[child]) child++;
      if (heap[child] >= value) break;
      heap[h] = heap[child];
      h = child;
    }
    heap[h] = value;
  }
}
