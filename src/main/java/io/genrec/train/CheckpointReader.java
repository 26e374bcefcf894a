package io.genrec.train;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.Restore;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * Reads single float tensors from a checkpoint without the graph that wrote it: one {@code RestoreV2}
 * per name in a small graph of its own. Each read runs on its own, so a name the checkpoint lacks is
 * an answer ("absent"), not a failure of the whole batch.
 */
final class CheckpointReader implements AutoCloseable {

  /** One stored tensor; closing it frees the tensor. */
  static final class Stored implements AutoCloseable {
    private final Result result;

    private Stored(Result result) {
      this.result = result;
    }

    TFloat32 value() {
      return (TFloat32) result.get(0);
    }

    Shape shape() {
      return value().shape();
    }

    @Override
    public void close() {
      result.close();
    }
  }

  private final String prefix;
  private final Graph graph = new Graph();
  private final Ops tf = Ops.create(graph);
  private final Session session = new Session(graph);
  private final Operand<TString> prefixOp;

  /** @param prefix a checkpoint prefix as {@code Session.save} takes it ({@code prefix.index} exists) */
  CheckpointReader(String prefix) {
    this.prefix = prefix;
    this.prefixOp = tf.constant(prefix);
  }

  /**
   * The checkpoint prefix {@code path} stands for, tried in this order: a run directory (its
   * {@code checkpoints/best}, else {@code checkpoints/last}), a run's {@code checkpoints} directory
   * (the same two), a checkpoint directory (holding {@code ckpt.index}), a prefix ({@code path.index}
   * exists). Empty when none of them is there.
   */
  static Optional<String> locate(Path path) {
    for (Path candidate : candidates(path)) {
      if (Files.isRegularFile(Path.of(candidate + ".index"))) return Optional.of(candidate.toString());
    }
    return Optional.empty();
  }

  /** What {@link #locate} looks for, in order, as files ending in .index (for error messages). */
  static List<Path> candidates(Path path) {
    List<Path> out = new ArrayList<>();
    for (Path checkpoints : List.of(path.resolve("checkpoints"), path)) {
      out.add(checkpoints.resolve(Trainer.BEST).resolve(Trainer.PREFIX));
      out.add(checkpoints.resolve(Trainer.LAST).resolve(Trainer.PREFIX));
    }
    out.add(path.resolve(Trainer.PREFIX));
    out.add(path);
    return out;
  }

  String prefix() {
    return prefix;
  }

  /**
   * The float tensor stored as {@code name}, or empty when the checkpoint has no such name.
   *
   * @throws IllegalArgumentException when it holds the name but cannot give it as float32 (another
   *     dtype, a damaged file), with TensorFlow's reason
   */
  Optional<Stored> read(String name) {
    Restore restore = tf.train.restore(prefixOp, tf.constant(StandardCharsets.UTF_8, new String[] {name}),
        tf.constant(StandardCharsets.UTF_8, new String[] {""}), List.of(TFloat32.class));
    try {
      return Optional.of(new Stored(session.runner().fetch(restore.tensors().get(0)).run()));
    } catch (TensorFlowException e) {
      String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      if (reason.contains("not found in checkpoint")) return Optional.empty();
      throw new IllegalArgumentException(reason, e);
    }
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
