package io.genrec.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;

/** Tensors to feed, owned here and closed together. */
public final class Feeds implements AutoCloseable {

  private final Map<Operand<?>, Tensor> tensors = new LinkedHashMap<>();

  /** Feeds {@code tensor} to {@code target}, replacing (and closing) an earlier feed of it. */
  public Feeds put(Operand<?> target, Tensor tensor) {
    Tensor old = tensors.put(target, tensor);
    if (old != null && old != tensor) {
      old.close();
    }
    return this;
  }

  public Feeds floats(Operand<?> target, Shape shape, float... values) {
    return put(target, TfRun.floats(shape, values));
  }

  public Feeds ints(Operand<?> target, Shape shape, int... values) {
    return put(target, TfRun.ints(shape, values));
  }

  public Map<Operand<?>, Tensor> asMap() {
    return tensors;
  }

  void applyTo(Session.Runner runner) {
    tensors.forEach(runner::feed);
  }

  @Override
  public void close() {
    tensors.values().forEach(Tensor::close);
    tensors.clear();
  }
}
