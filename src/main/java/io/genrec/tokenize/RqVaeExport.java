package io.genrec.tokenize;

import io.genrec.data.FileTrees;
import io.genrec.nn.Params;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Exports the RQ-VAE's encoder and quantizer (no decoder, no optimizer state) as a SavedModel with
 * the {@link RqVaeSignature}, so items that arrive after training get codes in serving.
 */
final class RqVaeExport {
  private static final Logger LOG = LogManager.getLogger(RqVaeExport.class);

  private RqVaeExport() {}

  /**
   * @param checkpointPrefix weights with {@link RqVaeNetwork}'s variable names; extra variables
   *     (the decoder) are ignored
   * @param dir replaced when it exists: written beside it first, then swapped in
   */
  static void export(RqVae.Config config, int dim, long seed, String checkpointPrefix, Path dir) throws IOException {
    long start = System.nanoTime();
    Path incoming = dir.resolveSibling(dir.getFileName() + ".new");
    FileTrees.delete(incoming);
    Files.createDirectories(dir.toAbsolutePath().getParent());
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Params params = new Params(tf, seed, false);
      Placeholder<TFloat32> embedding = tf.withName(RqVaeSignature.EMBEDDING)
          .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, dim)));
      RqVaeNetwork.Quantization quantization =
          RqVaeNetwork.quantize(params, config, RqVaeNetwork.encode(params, config, dim, embedding));
      Operand<TInt64> codes = tf.withName(RqVaeSignature.CODES).identity(quantization.codes());
      try (Session session = new Session(graph)) {
        session.restore(checkpointPrefix);
        Signature signature = Signature.builder().key(RqVaeSignature.KEY)
            .input(RqVaeSignature.EMBEDDING, embedding)
            .output(RqVaeSignature.CODES, codes)
            .build();
        SavedModelBundle.exporter(incoming.toString()).withTags(RqVaeSignature.TAG)
            .withSession(session).withSignature(signature).export();
      }
    }
    FileTrees.delete(dir);
    Files.move(incoming, dir);
    LOG.info("exported the RQ-VAE SavedModel to {} in {} ms", dir, (System.nanoTime() - start) / 1_000_000);
  }
}
