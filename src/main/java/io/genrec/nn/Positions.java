package io.genrec.nn;

import org.tensorflow.Operand;
import java.util.List;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Position encodings [maxLength, dim] and adding them to a sequence batch. */
public final class Positions {

  private Positions() {
  }

  /** A learned table {@code name/table} [maxLength, dim]. */
  public static Operand<TFloat32> learned(Params params, String name, int maxLength, int dim, Init init,
      boolean decay) {
    return params.variable(name + "/table", Shape.of(maxLength, dim), init, decay).value();
  }

  /**
   * The fixed encoding of "Attention is all you need": column 2i is sin(pos / 10000^(2i/dim)), column
   * 2i+1 the cosine of the same angle. A constant, so it adds no variable.
   */
  public static Operand<TFloat32> sinusoidal(Ops tf, int maxLength, int dim) {
    float[][] table = new float[maxLength][dim];
    for (int pos = 0; pos < maxLength; pos++) {
      for (int i = 0; i < dim; i++) {
        double angle = pos / Math.pow(10000.0, (double) (i - i % 2) / dim);
        table[pos][i] = (float) (i % 2 == 0 ? Math.sin(angle) : Math.cos(angle));
      }
    }
    return tf.constant(table);
  }

  /** x [batch, length, dim] plus the first {@code length} rows of {@code table}. */
  public static Operand<TFloat32> add(Ops tf, Operand<TFloat32> x, Operand<TFloat32> table) {
    Shape xs = x.shape();
    long length = xs.isUnknown() ? -1 : xs.get(1);
    if (length >= 0 && length == table.shape().get(0)) {
      return tf.math.add(x, table);
    }
    Operand<TInt32> rows = length >= 0
        ? tf.constant(new int[] {(int) length, -1})
        : tf.concat(List.of(tf.stridedSlice(tf.shape(x), Indices.slice(1, 2)), tf.constant(new int[] {-1})),
            tf.constant(0));
    return tf.math.add(x, tf.slice(table, tf.constant(new int[] {0, 0}), rows));
  }
}
