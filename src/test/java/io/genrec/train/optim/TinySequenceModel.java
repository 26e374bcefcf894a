package io.genrec.train.optim;

import io.genrec.nn.Activation;
import io.genrec.nn.Embedding;
import io.genrec.nn.Init;
import io.genrec.nn.LayerNorm;
import io.genrec.nn.Losses;
import io.genrec.nn.Masks;
import io.genrec.nn.Params;
import io.genrec.nn.Positions;
import io.genrec.nn.TransformerBlockConfig;
import io.genrec.nn.TransformerEncoderBlock;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * A SASRec-shaped toy built the way real models should be: item embedding + learned positions, causal
 * pre-norm blocks with dropout, non-padding positions gathered before the tied output projection.
 * Built twice (training / inference) by the same code.
 */
final class TinySequenceModel {

  static final int VOCAB = 20;
  static final int LENGTH = 5;
  static final int DIM = 8;

  final Placeholder<TInt32> history;
  final Placeholder<TInt32> targets;
  final Operand<TFloat32> loss;
  final Operand<TFloat32> lastScores;

  TinySequenceModel(Params p) {
    Ops tf = p.tf();
    history = tf.withName("history").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, LENGTH)));
    targets = tf.withName("targets").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, LENGTH)));
    Embedding items = Embedding.create(p, "items", VOCAB, DIM, Init.truncatedNormal(0.1f), false);
    Operand<TFloat32> positions = Positions.learned(p, "positions", LENGTH, DIM, Init.truncatedNormal(0.1f), false);
    Operand<TFloat32> h = Positions.add(tf, items.lookup(history), positions);
    Operand<TBool> mask = Masks.both(tf, Masks.causal(tf, LENGTH), Masks.keyPadding(tf, history));
    TransformerBlockConfig config = TransformerBlockConfig.of(DIM, 2, 16).withActivation(Activation.GELU)
        .withDropout(0.2f, 0.2f).withPreNorm(true);
    for (int block = 0; block < 2; block++) {
      h = new TransformerEncoderBlock(config).apply(p, "encoder/block_" + block, h, mask);
    }
    h = LayerNorm.of(DIM).apply(p, "encoder/final_norm", h);
    Operand<TInt64> rows = Losses.rowIndex(tf, Masks.notPadding(tf, targets));
    Operand<TFloat32> logits = items.logits(Losses.gatherRows(tf, h, rows));
    loss = Losses.softmaxCrossEntropy(tf, logits, Losses.gatherRows(tf, targets, rows), null);
    Operand<TFloat32> last = tf.reshape(tf.slice(h, tf.constant(new int[] {0, LENGTH - 1, 0}),
        tf.constant(new int[] {-1, 1, DIM})), tf.constant(new int[] {-1, DIM}));
    lastScores = items.logits(last);
  }

  /** A deterministic batch: histories with left padding, targets = next item. */
  static int[][] batch(long seed, int size) {
    java.util.Random random = new java.util.Random(seed);
    int[] history = new int[size * LENGTH];
    int[] targets = new int[size * LENGTH];
    for (int b = 0; b < size; b++) {
      int real = 2 + random.nextInt(LENGTH - 1);
      int[] sequence = new int[real + 1];
      sequence[0] = 1 + random.nextInt(VOCAB - 1);
      for (int i = 1; i <= real; i++) {
        sequence[i] = 1 + (sequence[i - 1] * 7 + random.nextInt(3)) % (VOCAB - 1);
      }
      for (int i = 0; i < real; i++) {
        int slot = b * LENGTH + LENGTH - real + i;
        history[slot] = sequence[i];
        targets[slot] = sequence[i + 1];
      }
    }
    return new int[][] {history, targets};
  }
}
