package io.genrec.eval;

import java.util.Arrays;

/**
 * The K best-scored items of one full-catalog score row, best first: a reference to check rankings
 * computed inside the graph. Index 0 (padding) and any excluded ids (typically the user's history)
 * are never returned; equal scores rank the lower id first. O(n log K) time with a bounded min-heap
 * whose root is the worst item kept so far.
 */
public final class TopKSelector {

    private static final int[] NONE = new int[0];

    private TopKSelector() {
    }

    /** {@link #select(float[], int, int[])} with nothing excluded. */
    public static int[] select(float[] scores, int k) {
        return select(scores, k, NONE);
    }

    /**
     * @param scores one score per item id; index 0 is ignored
     * @param k how many to return; fewer come back when fewer items are eligible
     * @param excluded ids never to return (any order, repeats allowed, 0 allowed)
     * @throws IllegalArgumentException if k < 1, an excluded id is outside 0..scores.length-1, or an
     *     eligible score is NaN (a NaN has no rank, and it signals a broken model)
     */
    public static int[] select(float[] scores, int k, int[] excluded) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        int[] skip = excluded.clone();
        Arrays.sort(skip);
        if (skip.length > 0 && (skip[0] < 0 || skip[skip.length - 1] >= scores.length)) {
            throw new IllegalArgumentException("excluded ids must lie in 0.." + (scores.length - 1) + ", got "
                    + Arrays.toString(excluded));
        }

        int[] heap = new int[Math.min(k, Math.max(scores.length - 1, 0))];
        int size = 0;
        int next = 0; // position in skip; ids are visited in ascending order, so one pass suffices
        for (int id = 1; id < scores.length; id++) {
            while (next < skip.length && skip[next] < id) {
                next++;
            }
            if (next < skip.length && skip[next] == id) {
                continue;
            }
            float score = scores[id];
            if (Float.isNaN(score)) {
                throw new IllegalArgumentException("score of item " + id + " is NaN");
            }
            if (size < heap.length) {
                heap[size] = id;
                siftUp(heap, size, scores);
                size++;
            } else if (score > scores[heap[0]]) {
                // A tie with the root never displaces it: the root has the lower id, since ids ascend.
                heap[0] = id;
                siftDown(heap, size, scores);
            }
        }

        int[] best = new int[size];
        for (int i = size - 1; i >= 0; i--) {
            best[i] = heap[0];
            heap[0] = heap[i];
            siftDown(heap, i, scores);
        }
        return best;
    }

    /** True when item a ranks below item b: lower score, or equal score and higher id. */
    private static boolean worse(int a, int b, float[] scores) {
        float sa = scores[a];
        float sb = scores[b];
        return sa < sb || (sa == sb && a > b);
    }

    private static void siftUp(int[] heap, int index, float[] scores) {
        int item = heap[index];
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            if (!worse(item, heap[parent], scores)) {
                break;
            }
            heap[index] = heap[parent];
            index = parent;
        }
        heap[index] = item;
    }

    private static void siftDown(int[] heap, int size, float[] scores) {
        if (size == 0) {
            return;
        }
        int item = heap[0];
        int index = 0;
        while (true) {
            int child = 2 * index + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && worse(heap[child + 1], heap[child], scores)) {
                child++;
            }
            if (!worse(heap[child], item, scores)) {
                break;
            }
            heap[index] = heap[child];
            index = child;
        }
        heap[index] = item;
    }
}
