package io.genrec.model.s3rec;

import io.genrec.train.EpochBatches;
import io.genrec.train.FeedBatch;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Random;
import org.tensorflow.ndarray.Shape;

/**
 * S3-Rec's pre-training examples, as the authors make them: every prefix of each user's training
 * sequence (the items before validation and test), each cut to its most recent maxLength items, is
 * one example per epoch, masked afresh by {@link PretrainSampler} from the epoch's seeded stream (so
 * a resumed run draws the same masks).
 */
final class PretrainBatches {
  private final int[][] sequences;
  private final int[] exampleUser;
  private final int[] exampleEnd;
  private final int maxLength;
  private final PretrainSampler sampler;
  private final EpochBatches epochs;

  PretrainBatches(int[][] trainSequences, int numItems, int maxLength, double maskProbability, int batchSize,
      long seed) {
    this.sequences = trainSequences;
    this.maxLength = maxLength;
    int total = 0;
    for (int[] s : trainSequences) total += s.length;
    int[] pool = new int[total];
    exampleUser = new int[total];
    exampleEnd = new int[total];
    int e = 0;
    for (int u = 0; u < trainSequences.length; u++) {
      int[] s = trainSequences[u];
      System.arraycopy(s, 0, pool, e, s.length);
      for (int end = 1; end <= s.length; end++) {
        exampleUser[e] = u;
        exampleEnd[e++] = end;
      }
    }
    this.sampler = new PretrainSampler(maxLength, S3Rec.maskToken(numItems), numItems, maskProbability, pool);
    this.epochs = new EpochBatches(total, batchSize, seed);
  }

  int examples() {
    return exampleUser.length;
  }

  int batchesPerEpoch() {
    return epochs.perEpoch();
  }

  /** Example {@code e}'s items: the prefix of its user's sequence, its most recent maxLength items. */
  int[] sequence(int e) {
    int end = exampleEnd[e];
    return Arrays.copyOfRange(sequences[exampleUser[e]], Math.max(0, end - maxLength), end);
  }

  Iterator<FeedBatch> epoch(int epoch, PretrainInputs in) {
    return epochs.epoch(epoch, (rows, rng) -> batch(rows, rng, in));
  }

  private FeedBatch batch(int[] rows, Random rng, PretrainInputs in) {
    int b = rows.length;
    int[][] columns = new int[6][b * maxLength];
    float[] segmentWeight = new float[b];
    for (int r = 0; r < b; r++) {
      PretrainSampler.Example x = sampler.draw(sequence(rows[r]), rng);
      int[][] parts = {x.maskedItems(), x.items(), x.negatives(), x.maskedSegment(), x.positiveSegment(),
          x.negativeSegment()};
      for (int c = 0; c < parts.length; c++) System.arraycopy(parts[c], 0, columns[c], r * maxLength, maxLength);
      segmentWeight[r] = x.hasSegment() ? 1f : 0f;
    }
    Shape shape = Shape.of(b, maxLength);
    FeedBatch batch = new FeedBatch(b)
        .put(in.maskedItems(), shape, columns[0])
        .put(in.items(), shape, columns[1])
        .put(in.negatives(), shape, columns[2]);
    if (in.maskedSegment() == null) return batch;
    return batch.put(in.maskedSegment(), shape, columns[3])
        .put(in.positiveSegment(), shape, columns[4])
        .put(in.negativeSegment(), shape, columns[5])
        .put(in.segmentWeight(), Shape.of(b), segmentWeight);
  }
}
