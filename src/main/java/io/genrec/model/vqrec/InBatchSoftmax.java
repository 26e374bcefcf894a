package io.genrec.model.vqrec;

import io.genrec.nn.Dims;
import io.genrec.nn.Losses;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * VQ-Rec's pre-training loss: for row i, softmax over the batch's targets plus row i's
 * semi-synthetic negative, the true class being its own target. Logits are cosines over τ.
 *
 * <p>A target that occurs again in another row of the batch is the same item, not a negative: those
 * logits are removed from row i's softmax (set to -1e9, so they add nothing to the denominator).
 * The released code instead replaces them by 0, which still adds exp(0) = 1 per duplicate; removing
 * them is what "not counted as negatives" means, and it does not depend on how often an item repeats.
 */
final class InBatchSoftmax {
  private InBatchSoftmax() {}

  /**
   * @param users [B, dim] user vectors
   * @param targets [B, dim] their targets' vectors
   * @param targetIds [B] the targets' item ids (duplicates are found by id)
   * @param synthetic [B, dim] each row's semi-synthetic negative
   */
  static Operand<TFloat32> loss(Ops tf, Operand<TFloat32> users, Operand<TFloat32> targets,
      Operand<TInt32> targetIds, Operand<TFloat32> synthetic, float temperature) {
    Operand<TFloat32> u = Cosine.normalize(tf, users);
    Operand<TFloat32> inverseTau = tf.constant(1f / temperature);
    Operand<TFloat32> batch = tf.math.mul(
        tf.linalg.matMul(u, Cosine.normalize(tf, targets), MatMul.transposeB(true)), inverseTau);
    Operand<TFloat32> own = tf.math.mul(tf.reduceSum(tf.math.mul(u, Cosine.normalize(tf, synthetic)),
        tf.constant(-1), ReduceSum.keepDims(true)), inverseTau);
    Operand<TInt32> rows = tf.range(tf.constant(0), Dims.size(tf, targetIds, 0), tf.constant(1));
    Operand<TBool> sameItem = tf.math.equal(tf.expandDims(targetIds, tf.constant(1)),
        tf.expandDims(targetIds, tf.constant(0)));
    Operand<TBool> otherRow = tf.math.notEqual(tf.expandDims(rows, tf.constant(1)), tf.expandDims(rows, tf.constant(0)));
    Operand<TFloat32> negatives = tf.select(tf.math.logicalAnd(sameItem, otherRow),
        tf.fill(tf.shape(batch), tf.constant(-1e9f)), batch);
    Operand<TFloat32> logits = tf.concat(List.of(negatives, own), tf.constant(1));
    return Losses.softmaxCrossEntropy(tf, logits, rows, null);
  }
}
