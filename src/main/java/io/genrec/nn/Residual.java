package io.genrec.nn;

import java.util.function.UnaryOperator;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** One residual sub-layer with its norm placed before (pre-norm) or after (post-norm) the sum. */
final class Residual {

  private Residual() {
  }

  static Operand<TFloat32> apply(Params params, String normName, TransformerBlockConfig config,
      Operand<TFloat32> x, UnaryOperator<Operand<TFloat32>> sublayer) {
    LayerNorm norm = config.norm();
    if (config.preNorm()) {
      Operand<TFloat32> out = Dropout.apply(params, sublayer.apply(norm.apply(params, normName, x)), config.dropout());
      return params.tf().math.add(x, out);
    }
    Operand<TFloat32> out = Dropout.apply(params, sublayer.apply(x), config.dropout());
    return norm.apply(params, normName, params.tf().math.add(x, out));
  }
}
