package io.genrec.model.diffsasrec;

import io.genrec.nn.Param;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.Scope;
import org.tensorflow.op.train.Restore;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * Starts parameters from a checkpoint instead of their seeded values (TF1's
 * {@code init_from_checkpoint}): each parameter gets a second initialising Assign that reads it from
 * the checkpoint and runs after the seeded one, so the session that opens on the graph holds the
 * checkpoint's weights while optimizer slots start fresh. This is how supervised fine-tuning
 * continues from a pre-training run without the trainer knowing about stages.
 */
final class DiffSasRecWarmStart {
  private DiffSasRecWarmStart() {}

  /**
   * @param prefix a checkpoint prefix written by {@code Session.save} ({@code prefix.index} must
   *     exist); it must hold every one of {@code params} under the same name and shape
   */
  static void apply(Ops tf, String prefix, List<Param> params) {
    if (!Files.isRegularFile(Path.of(prefix + ".index"))) {
      throw new IllegalArgumentException("model.init_from = " + prefix
          + ": no checkpoint there (expected " + prefix + ".index, e.g. a run's checkpoints/best/ckpt)");
    }
    Graph graph = (Graph) tf.scope().env();
    Ops init = tf.withInitScope();
    String[] names = params.stream().map(Param::name).toArray(String[]::new);
    String[] slices = new String[names.length];
    java.util.Arrays.fill(slices, "");
    List<Class<? extends TType>> types = new ArrayList<>(Collections.nCopies(names.length, TFloat32.class));
    Restore restored = init.train.restore(init.constant(prefix),
        init.constant(StandardCharsets.UTF_8, names), init.constant(StandardCharsets.UTF_8, slices), types);
    Scope scope = tf.scope().withInitScope();
    for (int i = 0; i < names.length; i++) {
      Param p = params.get(i);
      GraphOperation seeded = graph.operation(p.name() + "/Assign");
      if (seeded == null) {
        throw new IllegalStateException("parameter " + p.name() + " has no initialising Assign to follow");
      }
      @SuppressWarnings("unchecked")
      Operand<TFloat32> value = (Operand<TFloat32>) restored.tensors().get(i);
      // The control input orders the two initialisers, which the session runs in one step.
      graph.opBuilder("Assign", p.name() + "/warm_start", scope)
          .addInput(p.variable().asOutput())
          .addInput(value.asOutput())
          .addControlInput(seeded)
          .build();
    }
  }
}
