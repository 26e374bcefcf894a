package io.genrec.nn;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The next-item losses of a transformer over item histories whose item table doubles as the output
 * layer (SASRec, and S3-Rec's fine-tuning): hidden states [batch, length, dim] against the target at
 * every real (non-padding) position.
 *
 * <p>Most positions are padding (Beauty histories average 9 of 50), so the real ones are gathered
 * before the catalog-wide projection, which dominates the step.
 */
public final class NextItemLoss {
  private NextItemLoss() {}

  /**
   * Cross-entropy over the whole catalog.
   *
   * @param bias [vocab] added to every row of logits: -1e9 on ids that are never a target (padding,
   *     a mask token), so they take no probability mass
   */
  public static Operand<TFloat32> softmax(Ops tf, ItemTable items, Operand<TFloat32> h, Operand<TInt32> target,
      Operand<TFloat32> bias) {
    Operand<TInt64> rows = Losses.rowIndex(tf, Masks.notPadding(tf, target));
    Operand<TFloat32> logits = tf.math.add(items.logits(Losses.gatherRows(tf, h, rows)), bias);
    return Losses.softmaxCrossEntropy(tf, logits, Losses.gatherRows(tf, target, rows), null);
  }

  /**
   * SASRec's original loss: the target against one sampled negative per position,
   * {@code −log σ(h·e⁺) − log(1 − σ(h·e⁻))}, averaged over real positions.
   *
   * @param negative [batch, length] one sampled item per position (ignored at padding)
   */
  public static Operand<TFloat32> binaryCrossEntropy(Ops tf, ItemTable items, Operand<TFloat32> h,
      Operand<TInt32> target, Operand<TInt32> negative) {
    Operand<TInt64> rows = Losses.rowIndex(tf, Masks.notPadding(tf, target));
    Operand<TFloat32> hReal = Losses.gatherRows(tf, h, rows);
    Operand<TFloat32> pos = tf.reduceSum(
        tf.math.mul(hReal, items.lookup(Losses.gatherRows(tf, target, rows))), tf.constant(-1));
    Operand<TFloat32> neg = tf.reduceSum(
        tf.math.mul(hReal, items.lookup(Losses.gatherRows(tf, negative, rows))), tf.constant(-1));
    return Losses.binaryCrossEntropy(tf, pos, neg, null);
  }
}
