package io.genrec.nn;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;

/**
 * Target shapes for reshapes that keep static dimensions static. A shape vector built only from
 * constants (with at most one -1) lets TF infer the full static shape downstream, so later blocks can
 * still read dimensions from {@code Operand.shape()}; only truly unknown dims are read at run time.
 */
public final class Dims {

  private Dims() {
  }

  /** The run-time size of {@code x}'s dimension {@code axis}, as an int32 scalar. */
  public static Operand<TInt32> size(Ops tf, Operand<?> x, int axis) {
    return tf.gather(tf.shape(x, TInt32.class), tf.constant(axis), tf.constant(0));
  }

  /** The first {@code count} dims of {@code x} followed by {@code trailing}. */
  static Operand<TInt32> leadingThen(Ops tf, Operand<?> x, int count, long... trailing) {
    Shape shape = x.shape();
    if (shape.isUnknown()) {
      Operand<TInt32> lead = tf.stridedSlice(tf.shape(x), Indices.slice(0, count));
      return tf.concat(List.of(lead, tf.constant(toInts(trailing))), tf.constant(0));
    }
    int unknown = 0;
    for (int i = 0; i < count; i++) {
      if (shape.get(i) < 0) {
        unknown++;
      }
    }
    if (unknown <= 1) {
      int[] dims = new int[count + trailing.length];
      for (int i = 0; i < count; i++) {
        dims[i] = (int) shape.get(i);
      }
      for (int i = 0; i < trailing.length; i++) {
        dims[count + i] = (int) trailing[i];
      }
      return tf.constant(dims);
    }
    Operand<TInt32> runtime = tf.shape(x);
    List<Operand<TInt32>> parts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      parts.add(shape.get(i) >= 0
          ? tf.constant(new int[] {(int) shape.get(i)})
          : tf.stridedSlice(runtime, Indices.slice(i, i + 1)));
    }
    parts.add(tf.constant(toInts(trailing)));
    return tf.concat(parts, tf.constant(0));
  }

  /** The static size of {@code x}'s last dimension, which blocks need to size their weights. */
  static int lastDim(Operand<?> x) {
    Shape shape = x.shape();
    if (shape.isUnknown() || shape.get(shape.numDimensions() - 1) < 0) {
      throw new IllegalArgumentException("last dimension must be known statically, got " + shape);
    }
    return (int) shape.get(shape.numDimensions() - 1);
  }

  static int rank(Operand<?> x) {
    Shape shape = x.shape();
    if (shape.isUnknown()) {
      throw new IllegalArgumentException("rank must be known statically");
    }
    return shape.numDimensions();
  }

  private static int[] toInts(long[] values) {
    int[] ints = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      ints[i] = Math.toIntExact(values[i]);
    }
    return ints;
  }
}
