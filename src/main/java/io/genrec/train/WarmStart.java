package io.genrec.train;

import io.genrec.config.ConfigException;
import io.genrec.config.WarmStartConfig;
import io.genrec.nn.Param;
import io.genrec.nn.Params;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * {@code model.init_from}: copies weights from a checkpoint into a session whose variables are
 * initialised, for any model (TF1's {@code init_from_checkpoint}, done once instead of baked into the
 * graph's initialisers). Only the model's parameters are copied, so optimizer slots and the step
 * counter start fresh. Every problem (a pattern that selects nothing, a variable the checkpoint lacks,
 * a shape that differs) is collected and reported at once before anything is assigned.
 *
 * <p>The {@link Trainer} calls this on a fresh start only: a resumed run restores its own checkpoint,
 * which already holds the warm-started weights, and never opens this one again.
 */
public final class WarmStart {
  private static final Logger LOG = LogManager.getLogger(WarmStart.class);
  private static final String KEY = "model." + WarmStartConfig.KEY;

  private WarmStart() {}

  /** What a warm start did: the checkpoint prefix, the variables loaded and those left as they were. */
  public record Report(String prefix, List<String> loaded, List<String> kept) {}

  /**
   * Assigns the selected checkpoint values to {@code params}' variables in {@code session}.
   *
   * @throws ConfigException when there is no checkpoint at {@code cfg.path()} or anything does not
   *     match; the message lists every problem, naming each variable and both shapes
   */
  public static Report apply(WarmStartConfig cfg, Session session, Params params) {
    return apply(cfg, session, params, Set.of());
  }

  /**
   * As {@link #apply(WarmStartConfig, Session, Params)}, but the variables named in {@code fresh}
   * keep their initialisation whatever {@code cfg} selects (see {@link TrainingHooks#freshAtWarmStart}).
   */
  public static Report apply(WarmStartConfig cfg, Session session, Params params, Set<String> fresh) {
    Path path = Path.of(cfg.path());
    String prefix = CheckpointReader.locate(path).orElseThrow(() -> new ConfigException(KEY + ".path = \""
        + cfg.path() + "\": no checkpoint there (looked for "
        + String.join(", ", CheckpointReader.candidates(path).stream().map(p -> p + ".index").toList()) + ")"));
    Map<String, Param> byName = new HashMap<>();
    List<String> names = new ArrayList<>();
    for (Param p : params.trainable()) {
      if (fresh.contains(p.name())) continue;
      byName.put(p.name(), p);
      names.add(p.name());
    }
    WarmStartPlan plan = new WarmStartPlan(names, cfg);
    List<String> problems = new ArrayList<>(plan.problems());
    Map<Param, CheckpointReader.Stored> values = new LinkedHashMap<>();
    try (CheckpointReader reader = new CheckpointReader(prefix)) {
      for (WarmStartPlan.Load load : plan.loads()) {
        Param param = byName.get(load.variable());
        String saved = load.source().equals(load.variable()) ? "" : " (saved as " + load.source() + ")";
        Optional<CheckpointReader.Stored> stored;
        try {
          stored = reader.read(load.source());
        } catch (IllegalArgumentException e) {
          problems.add(load.variable() + saved + ": cannot be read as float32: " + e.getMessage());
          continue;
        }
        if (stored.isEmpty()) {
          problems.add(load.variable() + saved + ": not in the checkpoint (shape in this model " + param.shape() + ")");
          continue;
        }
        values.put(param, stored.get());
        if (!stored.get().shape().equals(param.shape())) {
          problems.add(load.variable() + saved + ": shape " + stored.get().shape() + " in the checkpoint, "
              + param.shape() + " in this model");
        }
      }
      if (!problems.isEmpty()) {
        throw new ConfigException(KEY + " = " + prefix + ": nothing was loaded, " + problems.size()
            + (problems.size() == 1 ? " problem" : " problems") + " (exclude a variable to keep its initialisation,"
            + " or rename a scope):\n  - " + String.join("\n  - ", problems));
      }
      assign(session, params.tf(), values);
    } finally {
      values.values().forEach(CheckpointReader.Stored::close);
    }
    List<String> loaded = plan.loads().stream().map(WarmStartPlan.Load::variable).toList();
    long weights = loaded.stream().mapToLong(n -> byName.get(n).shape().size()).sum();
    List<String> kept = new ArrayList<>(plan.kept());
    for (Param p : params.trainable()) if (fresh.contains(p.name())) kept.add(p.name());
    LOG.info("warm start from {}: {} of {} variables ({} weights){}", prefix, loaded.size(), params.trainable().size(),
        weights, kept.isEmpty() ? "" : "; kept their initialisation: " + String.join(", ", kept));
    return new Report(prefix, loaded, List.copyOf(kept));
  }

  /**
   * One run of Assign ops fed with the values read. They are added to the training graph now, after its
   * session exists (TensorFlow extends a session's graph on the next run), so that a run which never
   * warm-starts carries none of them.
   */
  private static void assign(Session session, Ops tf, Map<Param, CheckpointReader.Stored> values) {
    Session.Runner runner = session.runner();
    values.forEach((param, stored) -> {
      Placeholder<TFloat32> value = tf.placeholder(TFloat32.class, Placeholder.shape(param.shape()));
      runner.feed(value, stored.value()).addTarget(tf.assign(param.variable(), value));
    });
    try (Result done = runner.run()) {
      // targets only: nothing to read
    }
  }
}
