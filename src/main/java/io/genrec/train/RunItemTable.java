package io.genrec.train;

import java.nio.file.Path;
import java.util.Optional;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * A trained run's item-embedding table, read from its best checkpoint (else its last) without
 * building the model: the collaborative item vectors a SASRec-style model learned, for use as a
 * second item modality (TIGRESS fuses them with text embeddings before tokenization).
 */
public final class RunItemTable {
  private RunItemTable() {}

  /**
   * Rows of {@code name} ([vocab, dim], row 0 the padding item) in the run at {@code runDir}.
   *
   * @throws IllegalArgumentException naming the run and what it lacks: no checkpoint, no such
   *     variable (a model without an item table), not a matrix
   */
  public static float[][] read(Path runDir, String name) {
    String prefix = CheckpointReader.locate(runDir).orElseThrow(() -> new IllegalArgumentException(runDir
        + ": no checkpoint (expected checkpoints/best or checkpoints/last of a trained run)"));
    try (CheckpointReader reader = new CheckpointReader(prefix)) {
      Optional<CheckpointReader.Stored> stored = reader.read(name);
      if (stored.isEmpty()) {
        throw new IllegalArgumentException(runDir + ": the checkpoint " + prefix + " has no variable " + name
            + " (expected a model with an item-embedding table, such as sasrec or diffsasrec)");
      }
      try (CheckpointReader.Stored table = stored.get()) {
        TFloat32 t = table.value();
        if (t.shape().numDimensions() != 2) {
          throw new IllegalArgumentException(runDir + ": " + name + " has shape " + t.shape() + ", expected [items + 1, dim]");
        }
        int rows = Math.toIntExact(t.shape().get(0));
        int dim = Math.toIntExact(t.shape().get(1));
        float[][] out = new float[rows][dim];
        for (int r = 0; r < rows; r++) t.get(r).copyTo(DataBuffers.of(out[r], false, false));
        return out;
      }
    }
  }
}
