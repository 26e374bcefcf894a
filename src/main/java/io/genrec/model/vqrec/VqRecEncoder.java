package io.genrec.model.vqrec;

import io.genrec.nn.Activation;
import io.genrec.nn.Dims;
import io.genrec.nn.Dropout;
import io.genrec.nn.Init;
import io.genrec.nn.ItemTable;
import io.genrec.nn.LayerNorm;
import io.genrec.nn.Masks;
import io.genrec.nn.Params;
import io.genrec.nn.Positions;
import io.genrec.nn.TransformerBlockConfig;
import io.genrec.nn.TransformerEncoderBlock;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * VQ-Rec's sequence encoder (RecBole's post-norm Transformer): {@code LayerNorm(item + position)},
 * dropout, causal self-attention blocks with GELU feed-forward, LayerNorm epsilon 1e-12; the user
 * vector is the output at the last real item. Histories are left-padded (the platform's layout), so
 * the last real item is always the last position and position rows count back from the newest item.
 *
 * <p>Variables: {@code vqrec/input_norm} in the caller's group; {@code vqrec/positions} and
 * {@code vqrec/block_i} in group {@value #GROUP}, so {@code train.param_groups: {"encoder":
 * {"frozen": true}}} is VQ-Rec's {@code fix_enc} (the code table and the input LayerNorm still train).
 */
public record VqRecEncoder(int hidden, int numBlocks, int numHeads, int ffDim, float dropout, int maxLength) {
  public static final String GROUP = "encoder";

  /**
   * ids [batch, width] (0 = padding, left-padded, width ≤ maxLength) → user vectors [batch, hidden]
   * (not normalised). A batch cut to its longest history gives its real items exactly the outputs of
   * the full-width one: padding keys are masked, and the position rows are the last {@code width} of
   * the table, the ones the newest items get at full width.
   */
  public Operand<TFloat32> encode(Params params, ItemTable items, Operand<TInt32> ids) {
    Ops tf = params.tf();
    Params encoder = params.group(GROUP);
    Operand<TInt32> width = Dims.size(tf, ids, 1);
    Operand<TFloat32> table = Positions.learned(encoder, "vqrec/positions", maxLength, hidden,
        Init.truncatedNormal(0.02f), false);
    Operand<TFloat32> newest = tf.slice(table, tf.stack(List.of(tf.math.sub(tf.constant(maxLength), width),
        tf.constant(0))), tf.stack(List.of(width, tf.constant(-1))));
    Operand<TFloat32> x = tf.math.add(items.lookup(ids), newest);
    x = Dropout.apply(params, new LayerNorm(hidden, 1e-12f).apply(params, "vqrec/input_norm", x), dropout);
    Operand<TFloat32> keep = tf.expandDims(tf.dtypes.cast(Masks.notPadding(tf, ids), TFloat32.class),
        tf.constant(-1));
    x = tf.math.mul(x, keep);
    Operand<TBool> mask = Masks.both(tf, Masks.causal(tf, width), Masks.keyPadding(tf, ids));
    TransformerBlockConfig block = TransformerBlockConfig.of(hidden, numHeads, ffDim)
        .withActivation(Activation.GELU)
        .withDropout(dropout, dropout)
        .withPreNorm(false)
        .withLayerNormEpsilon(1e-12f);
    for (int b = 0; b < numBlocks; b++) {
      x = tf.math.mul(new TransformerEncoderBlock(block).apply(encoder, "vqrec/block_" + b, x, mask), keep);
    }
    Operand<TInt32> last = tf.math.sub(width, tf.constant(1));
    return tf.squeeze(
        tf.slice(x, tf.stack(List.of(tf.constant(0), last, tf.constant(0))), tf.constant(new int[] {-1, 1, -1})),
        Squeeze.axis(List.of(1L)));
  }
}
