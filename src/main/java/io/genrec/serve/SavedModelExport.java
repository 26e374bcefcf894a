package io.genrec.serve;

import io.genrec.eval.RankingHead;
import io.genrec.model.SequentialRecommender;
import io.genrec.nn.Params;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tensorflow.Graph;
import io.genrec.nn.Dims;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Exports an inference-only graph: rebuilt from the model code without any training op or
 * optimizer slot, weights restored from a checkpoint, the item id mapping baked in as constants.
 */
public final class SavedModelExport {
  private static final Logger LOG = LogManager.getLogger(SavedModelExport.class);

  private SavedModelExport() {}

  /**
   * The signature that adds a model's extra inputs ({@link SequentialRecommender#servingInputs}, e.g.
   * TIGER's {@code user_id}) to serving_default's; exported only by models that have some.
   */
  public static final String EXTENDED_KEY = "serving_extended";

  private static Signature signature(String key, Operand<?> history, Operand<?> k, Operand<?> topIds,
      Operand<?> topScores, SequentialRecommender model, boolean extraInputs) {
    Signature.Builder builder = Signature.builder().key(key)
        .input(ServingSignature.HISTORY, history).input(ServingSignature.K, k)
        .output(ServingSignature.TOP_K_IDS, topIds).output(ServingSignature.TOP_K_SCORES, topScores);
    if (extraInputs) model.servingInputs().forEach(builder::input);
    model.servingOutputs().forEach(builder::output);
    return builder.build();
  }

  /**
   * @param model an instance built for inference (its training batches are not used)
   * @param checkpointPrefix weights saved by the trainer (extra optimizer variables are ignored)
   * @param defaultK items returned when a call passes no {@code k}
   * @param filterHistory drop the user's history items from the results
   */
  public static void export(SequentialRecommender model, ItemIdTable ids, String checkpointPrefix,
      Path dir, int defaultK, boolean filterHistory, long seed) throws IOException {
    long start = System.nanoTime();
    if (Files.exists(dir)) {
      io.genrec.train.Trainer.deleteTree(dir);
    }
    Files.createDirectories(dir.getParent() == null ? Path.of(".") : dir.getParent());
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TInt64> history = tf.withName(ServingSignature.HISTORY)
          .placeholder(TInt64.class, Placeholder.shape(Shape.of(-1, -1)));
      Operand<TInt32> k = tf.withName(ServingSignature.K).placeholderWithDefault(
          tf.constant(defaultK), Shape.scalar());
      Operand<TInt32> dense = ids.toDenseHistory(tf, history, model.historyLength());
      Operand<TInt32> exclude = filterHistory ? ids.toDense(tf, history)
          : tf.zeros(tf.stack(java.util.List.of(
              Dims.size(tf, history, 0),
              tf.constant(1))), TInt32.class);
      RankingHead head = model.buildRanking(new Params(tf, seed, false), dense, exclude, k);
      Operand<TInt64> topIds = tf.withName(ServingSignature.TOP_K_IDS).identity(ids.toOriginal(tf, head.ids()));
      Operand<?> topScores = tf.withName(ServingSignature.TOP_K_SCORES).identity(head.scores());
      try (Session s = new Session(g)) {
        s.restore(checkpointPrefix);
        Signature sig = signature(ServingSignature.KEY, history, k, topIds, topScores, model, false);
        // A signature's inputs are all required, so extra inputs get a signature of their own and
        // serving_default keeps the contract every client (genrec serve included) relies on.
        Signature extended = model.servingInputs().isEmpty() ? null
            : signature(EXTENDED_KEY, history, k, topIds, topScores, model, true);
        SavedModelBundle.exporter(dir.toString()).withTags(ServingSignature.TAG)
            .withSession(s).withSignatures(extended == null ? new Signature[] {sig} : new Signature[] {sig, extended})
            .export();
      }
    }
    LOG.info("exported SavedModel to {} in {} ms", dir, (System.nanoTime() - start) / 1_000_000);
  }
}
