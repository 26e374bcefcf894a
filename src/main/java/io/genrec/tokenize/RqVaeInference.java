package io.genrec.tokenize;

import io.genrec.data.DataFormatException;
import io.genrec.data.FileTrees;
import io.genrec.nn.Param;
import io.genrec.nn.Params;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * The whole RQ-VAE rebuilt for inference in a graph of its own, with weights from memory or a
 * checkpoint: codes items, measures the reconstruction error after each level, and writes the
 * inference-only checkpoint (no optimizer slots) that a saved tokenizer ships.
 */
final class RqVaeInference implements AutoCloseable {
  /**
   * @param codes {@code [items + 1][levels]}, row 0 zeros
   * @param errorAfterLevel mean over items of {@code ‖x − decode(Σ_{j ≤ l} e_j)‖²}
   */
  record Pass(int[][] codes, double[] errorAfterLevel) {}

  private final RqVae.Config config;
  private final Graph graph = new Graph();
  private final Session session;
  private final Placeholder<TFloat32> input;
  private final RqVaeNetwork.Quantization quantization;
  private final List<Operand<TFloat32>> errorAfterLevel = new ArrayList<>();
  private final List<Param> params;
  private final List<Placeholder<TFloat32>> newValues = new ArrayList<>();
  private final List<Operand<TFloat32>> assigns = new ArrayList<>();

  RqVaeInference(RqVae.Config config, int dim, long seed) {
    this.config = config;
    Ops tf = Ops.create(graph);
    Params built = new Params(tf, seed, false);
    input = tf.withName("rqvae_input").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, dim)));
    quantization = RqVaeNetwork.quantize(built, config, RqVaeNetwork.encode(built, config, dim, input));
    Operand<TFloat32> prefix = null;
    for (int level = 0; level < config.levels(); level++) {
      Operand<TFloat32> vector = quantization.codeVectors().get(level);
      prefix = prefix == null ? vector : tf.math.add(prefix, vector);
      // The first decoder creates the variables; the others reuse them through the view.
      Params decoder = level == 0 ? built : built.inferenceView();
      Operand<TFloat32> reconstruction = RqVaeNetwork.decode(decoder, config, dim, prefix);
      errorAfterLevel.add(RqVaeNetwork.rowSquaredDistance(tf, input, reconstruction));
    }
    params = List.copyOf(built.trainable());
    for (Param param : params) {
      Placeholder<TFloat32> value = tf.placeholder(TFloat32.class, Placeholder.shape(param.shape()));
      newValues.add(value);
      assigns.add(tf.assign(param.variable(), value));
    }
    session = new Session(graph, ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(config.train().intraOpThreads())
        .setInterOpParallelismThreads(config.train().interOpThreads()).build());
  }

  /** Loads the weights of a saved tokenizer's checkpoint into memory. */
  static RqVaeWeights restore(RqVae.Config config, int dim, long seed, String checkpointPrefix) throws IOException {
    Path index = Path.of(checkpointPrefix + ".index");
    if (!Files.isRegularFile(index)) {
      throw new DataFormatException(index, 0, "no such file", "the RQ-VAE checkpoint a saved rq-vae tokenizer holds");
    }
    try (RqVaeInference inference = new RqVaeInference(config, dim, seed)) {
      io.genrec.nn.Checkpoints.restore(inference.session, checkpointPrefix);
      return RqVaeWeights.read(inference.session, inference.params);
    }
  }

  /** Sets every parameter to its value in {@code weights}. */
  void assign(RqVaeWeights weights) {
    List<TFloat32> tensors = new ArrayList<>();
    try {
      Session.Runner runner = session.runner();
      for (int i = 0; i < params.size(); i++) {
        Param param = params.get(i);
        TFloat32 tensor = TFloat32.tensorOf(param.shape(), DataBuffers.of(weights.values(param.name()), true, false));
        tensors.add(tensor);
        runner.feed(newValues.get(i), tensor).addTarget(assigns.get(i));
      }
      runner.run();
    } finally {
      for (TFloat32 tensor : tensors) tensor.close();
    }
  }

  /**
   * Writes the weights as {@code dir/prefix.*}: into a fresh directory first, then swapped in, so
   * an interrupted save never leaves a half-written checkpoint.
   */
  void save(Path dir, String prefix) throws IOException {
    Path incoming = dir.resolveSibling(dir.getFileName() + ".new");
    FileTrees.delete(incoming);
    Files.createDirectories(incoming);
    session.save(incoming.resolve(prefix).toString());
    FileTrees.delete(dir);
    Files.move(incoming, dir);
  }

  /** Codes of rows without a padding row, {@code [rows][levels]}. */
  int[][] codes(VectorSet rows) {
    return ItemPass.run(session, input, rows, List.of(), quantization.codes()).codes();
  }

  /** Codes and per-level reconstruction errors of the items (no padding row in {@code items}). */
  Pass pass(VectorSet items) {
    ItemPass.Result result = ItemPass.run(session, input, items, errorAfterLevel, quantization.codes());
    double[] errors = new double[config.levels()];
    for (int level = 0; level < errors.length; level++) errors[level] = ItemPass.mean(result.floats().get(level));
    return new Pass(ItemPass.withPadding(result.codes(), config.levels()), errors);
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
