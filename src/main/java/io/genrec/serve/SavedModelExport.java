package io.genrec.serve;

import io.genrec.data.FileTrees;
import io.genrec.eval.RankingHead;
import io.genrec.model.SequentialRecommender;
import io.genrec.nn.Param;
import io.genrec.nn.Params;
import io.genrec.nn.StateTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tensorflow.Graph;
import io.genrec.nn.Dims;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Exports an inference-only graph: rebuilt from the model code without any training op or
 * optimizer slot, the checkpoint's weights and the item id mapping baked in as constants.
 */
public final class SavedModelExport {
  private static final Logger LOG = LogManager.getLogger(SavedModelExport.class);

  private SavedModelExport() {}

  /**
   * The signature that adds a model's extra inputs ({@link SequentialRecommender#servingInputs}, e.g.
   * TIGER's {@code user_id}) to serving_default's; exported only by models that have some.
   */
  public static final String EXTENDED_KEY = "serving_extended";

  /** Weights up to this size are exported as graph constants (see {@link #export}). */
  public static final long MAX_FROZEN_BYTES = 1L << 30;

  private static void write(Session session, Serving serving, SequentialRecommender model, Path dir)
      throws IOException {
    Signature sig = signature(ServingSignature.KEY, serving, model, false);
    // A signature's inputs are all required, so extra inputs get a signature of their own and
    // serving_default keeps the contract every client (genrec serve included) relies on.
    Signature extended = model.servingInputs().isEmpty() ? null : signature(EXTENDED_KEY, serving, model, true);
    List<Signature> signatures = new java.util.ArrayList<>(List.of(sig));
    if (extended != null) signatures.add(extended);
    signatures.addAll(model.servingSignatures());
    SavedModelBundle.exporter(dir.toString()).withTags(ServingSignature.TAG).withSession(session)
        .withSignatures(signatures.toArray(new Signature[0]))
        .export();
  }

  /** The serving graph's inputs and outputs. */
  private record Serving(Operand<?> history, Operand<TInt32> k, Operand<?> topIds, Operand<?> topScores) {}

  private static Signature signature(String key, Serving serving, SequentialRecommender model, boolean extraInputs) {
    Signature.Builder builder = Signature.builder().key(key).methodName(ServingSignature.METHOD)
        .input(ServingSignature.HISTORY, serving.history()).input(ServingSignature.K, serving.k())
        .output(ServingSignature.TOP_K_IDS, serving.topIds()).output(ServingSignature.TOP_K_SCORES, serving.topScores());
    if (extraInputs) model.servingInputs().forEach(builder::input);
    model.servingOutputs().forEach(builder::output);
    return builder.build();
  }

  /** Builds the serving graph over {@code params}: original ids in, the model's ranking head, original ids out. */
  private static Serving build(Ops tf, Params params, SequentialRecommender model, ItemIdTable ids, int defaultK,
      boolean filterHistory) {
    // int64 or string ids, as the dataset's are (see ItemIdTable.Kind).
    Operand<?> history = ids.historyPlaceholder(tf.withName(ServingSignature.HISTORY));
    Operand<TInt32> k = tf.withName(ServingSignature.K).placeholderWithDefault(tf.constant(defaultK), Shape.scalar());
    Operand<TInt32> dense = ids.toDenseHistory(tf, history, model.historyLength());
    Operand<TInt32> exclude = filterHistory ? ids.toDense(tf, history)
        : tf.zeros(tf.stack(List.of(Dims.size(tf, history, 0), tf.constant(1))), TInt32.class);
    RankingHead head = model.buildRanking(params, dense, exclude, k);
    if (model.maxK() < Integer.MAX_VALUE) tf.withName(ServingSignature.MAX_K).constant(model.maxK());
    Operand<?> topIds = tf.withName(ServingSignature.TOP_K_IDS).identity(ids.toOriginal(tf, head.ids()));
    Operand<?> topScores = tf.withName(ServingSignature.TOP_K_SCORES).identity(head.scores());
    return new Serving(history, k, topIds, topScores);
  }

  /**
   * Calls {@link io.genrec.train.TrainingHooks#beforeRanking} in every session it ranks from: the one
   * the checkpoint is restored into, and the frozen build's. A model with state of its own must have
   * loaded it ({@code loadState}) before this call, as {@code experiment.ModelExport} does.
   *
   * @param model an instance built for inference (its training batches are not used)
   * @param checkpointPrefix weights saved by the trainer (extra optimizer variables are ignored)
   * @param defaultK items returned when a call passes no {@code k}
   * @param filterHistory drop the user's history items from the results
   */
  public static void export(SequentialRecommender model, ItemIdTable ids, String checkpointPrefix,
      Path dir, int defaultK, boolean filterHistory, long seed) throws IOException {
    export(model, ids, checkpointPrefix, dir, defaultK, filterHistory, seed, MAX_FROZEN_BYTES);
  }

  /** As above, with weights larger than {@code maxFrozenBytes} exported as variables instead of constants. */
  public static void export(SequentialRecommender model, ItemIdTable ids, String checkpointPrefix,
      Path dir, int defaultK, boolean filterHistory, long seed, long maxFrozenBytes) throws IOException {
    long start = System.nanoTime();
    if (defaultK > model.maxK()) {
      throw new IllegalArgumentException("export k = " + defaultK + " is above the " + model.maxK()
          + " items this model returns per call (TIGER: model.beam); lower export.k");
    }
    if (Files.exists(dir)) {
      FileTrees.delete(dir);
    }
    Files.createDirectories(dir.getParent() == null ? Path.of(".") : dir.getParent());
    // Weights are read through a variable build of the same graph, then baked into a second build
    // as constants (Params.frozen), which is the one exported: see Params.frozen for why. A GraphDef
    // is a protobuf, capped at 2 GiB, so very large models keep their variables instead.
    try (Graph variables = new Graph()) {
      Ops vtf = Ops.create(variables);
      Params restored = new Params(vtf, seed, false);
      Serving unfrozen = build(vtf, restored, model, ids, defaultK, filterHistory);
      try (Session vs = new Session(variables)) {
        io.genrec.nn.Checkpoints.restore(vs, checkpointPrefix);
        // Before the weights are read, so a model that adjusts them for ranking exports what it ranks with.
        model.beforeRanking(vs);
        long bytes = 0;
        for (Param p : restored.trainable()) bytes += 4L * p.shape().size();
        if (bytes > maxFrozenBytes) {
          LOG.info("{} MB of weights: exporting them as variables (constants are capped by the 2 GiB GraphDef)",
              bytes >> 20);
          write(vs, unfrozen, model, dir);
        } else {
          Session.Runner fetch = vs.runner();
          for (Param p : restored.trainable()) fetch.fetch(p.value());
          // Lookup tables (e.g. refreshable semantic IDs) are baked with what they hold now.
          for (StateTable<?> t : restored.tables()) fetch.fetch(t.value());
          try (Result values = fetch.run(); Graph g = new Graph()) {
            Map<String, Tensor> weights = new HashMap<>();
            int i = 0;
            for (Param p : restored.trainable()) weights.put(p.name(), values.get(i++));
            for (StateTable<?> t : restored.tables()) weights.put(t.name(), values.get(i++));
            Ops tf = Ops.create(g);
            Serving frozen = build(tf, Params.frozen(tf, seed, weights), model, ids, defaultK, filterHistory);
            try (Session s = new Session(g)) {
              // The frozen build is a graph of its own: state the model keeps in graph variables is set again.
              model.beforeRanking(s);
              write(s, frozen, model, dir);
            }
          }
        }
      }
    }
    LOG.info("exported SavedModel to {} in {} ms", dir, (System.nanoTime() - start) / 1_000_000);
  }
}
