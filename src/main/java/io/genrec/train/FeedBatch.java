package io.genrec.train;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * One step's inputs: tensors bound to the placeholders they feed. Owns its tensors and closes them,
 * so a training loop that closes each batch never leaks native memory.
 */
public final class FeedBatch implements AutoCloseable {
  private final List<Operand<?>> targets = new ArrayList<>();
  private final List<Tensor> tensors = new ArrayList<>();
  private final int size;

  /** @param size number of examples (users, sequences) in the batch, for examples/s */
  public FeedBatch(int size) {
    this.size = size;
  }

  public FeedBatch put(Operand<?> placeholder, Tensor tensor) {
    targets.add(placeholder);
    tensors.add(tensor);
    return this;
  }

  /** Feeds {@code values} (row-major, wrapped, not copied) as an int32 tensor of {@code shape}. */
  public FeedBatch put(Operand<TInt32> placeholder, Shape shape, int[] values) {
    return put(placeholder, TInt32.tensorOf(shape, DataBuffers.of(values, false, false)));
  }

  /** Feeds {@code values} (row-major, wrapped, not copied) as a float32 tensor of {@code shape}. */
  public FeedBatch put(Operand<TFloat32> placeholder, Shape shape, float[] values) {
    return put(placeholder, TFloat32.tensorOf(shape, DataBuffers.of(values, false, false)));
  }

  public int size() {
    return size;
  }

  public Session.Runner feed(Session.Runner runner) {
    for (int i = 0; i < targets.size(); i++) runner.feed(targets.get(i), tensors.get(i));
    return runner;
  }

  @Override
  public void close() {
    for (Tensor t : tensors) t.close();
    tensors.clear();
    targets.clear();
  }
}
