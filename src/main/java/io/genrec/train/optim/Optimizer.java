package io.genrec.train.optim;

import io.genrec.config.ConfigException;
import io.genrec.nn.Param;
import io.genrec.nn.Params;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Our own graph-mode optimizer base (the framework's collects every variable in the graph and its Adam
 * races with its own beta-power updates, notes §7.2-7.3).
 *
 * <p>Life cycle: create it on a {@link Params} <em>before</em> the model is built, so each parameter's
 * slots are created right after the parameter (graph builds ~2.5× faster than adding them after the
 * gradients); build the model and its loss; call {@link #minimize} once; each step, feed
 * {@link #LEARNING_RATE} and run {@link #TRAIN}.
 *
 * <p>Ordering. A weight read ({@link Param#value}) shares the variable's buffer, and the update kernels
 * write in place, so every update waits for the loss and the global gradient norm (hence all
 * gradients, hence every forward and backward use of a weight). The step counter, from which
 * step-dependent terms such as Adam's bias corrections are computed, is read before and incremented
 * only after all updates. With one thread this makes runs bit-reproducible (the framework's Adam is
 * not). The counter is a graph variable, so a checkpoint carries it and a resumed run continues
 * correctly. Only fetch the loss and what it depends on together with {@link #TRAIN}: an output the loss
 * does not need (e.g. inference scores) may be computed after the updates.
 *
 * <p>Parameter groups ({@link ParamGroups}): a frozen group gets no gradient, no slots and no update; a
 * group's learning rate is the fed one times its multiplier; a group with its own clip norm is clipped
 * by its own gradient norm, the others together by the global clip norm. Without configured groups the
 * gradients, clipping and updates are built op for op as before groups existed, so runs reproduce bit
 * for bit (a model that names several groups only adds each group's norm, for the epoch log).
 */
public abstract class Optimizer {
  private static final Logger LOG = LogManager.getLogger(Optimizer.class);

  public static final String SCOPE = "optimizer";
  /** Scalar float placeholder: feed the learning rate of this step. */
  public static final String LEARNING_RATE = SCOPE + "/learning_rate";
  /** Global L2 norm of the gradients before clipping, fetchable in the training run. */
  public static final String GLOBAL_NORM = SCOPE + "/global_norm";
  /** Int64 variable: number of updates applied so far (incremented after each step's updates). */
  public static final String STEP = SCOPE + "/step";
  /** The train op to run as a target. */
  public static final String TRAIN = SCOPE + "/train";

  protected final Params params;
  /** Ops named {@code optimizer/...}: the one sub-scope, made while the graph is small (see Params). */
  private final Ops scope;
  private final float clipNorm;
  private final ParamGroups groups;
  private final Map<String, ParamGroups.Group> groupOf = new HashMap<>();
  private final Placeholder<TFloat32> learningRate;
  private final Variable<TInt64> step;
  private Operand<TFloat32> globalNorm;
  private Map<String, Operand<TFloat32>> groupNorms = Map.of();
  private Op train;
  private List<Param> updated = List.of();

  /** @param clipNorm clip gradients to this global norm; 0 or less: no clipping */
  protected Optimizer(Params params, float clipNorm) {
    this(params, clipNorm, ParamGroups.none());
  }

  /**
   * @param clipNorm clip gradients to this global norm (those of groups without a clip norm of their
   *     own); 0 or less: no clipping
   */
  protected Optimizer(Params params, float clipNorm, ParamGroups groups) {
    this.params = params;
    this.clipNorm = clipNorm;
    this.groups = groups;
    this.scope = params.tf().withSubScope(SCOPE);
    this.learningRate =
        scope.withName("learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    if (!learningRate.op().name().equals(LEARNING_RATE)) {
      throw new IllegalStateException("only one optimizer per graph: '" + SCOPE + "' is already taken");
    }
    this.step = params.state(STEP, scope.constant(0L));
    // Random draws of the model built next are seeded by the update they belong to, so a resume replays them.
    params.stepCounter(step);
  }

  /** Starts listening for parameters; subclasses' factories call it once their fields are set. */
  protected final void attach() {
    params.onCreate(param -> {
      ParamGroups.Group group = groups.of(param);
      groupOf.put(param.name(), group);
      if (!group.frozen()) createSlots(param);
    });
  }

  /** Creates this optimizer's state for one parameter (use {@link Params#state}, under {@link #SCOPE}). */
  protected abstract void createSlots(Param param);

  /** Builds step-dependent terms once per graph; {@code t} is the 1-based number of this update. */
  protected void prepare(Ops tf, Operand<TFloat32> t) {
  }

  /** The update op for one parameter, given its (clipped) gradient. */
  protected abstract Op update(Ops tf, Param param, Operand<TFloat32> gradient, Operand<TFloat32> learningRate);

  /**
   * Builds gradients of {@code loss} for the trainable parameters it depends on (parameters it cannot
   * reach, and frozen ones, are left alone, see {@link #updated()}), clipping, the updates and the step
   * increment. Returns the train op, named {@link #TRAIN}.
   *
   * @throws io.genrec.config.ConfigException when a configured parameter group has no parameter, or
   *     every parameter the loss reaches is frozen
   */
  @SuppressWarnings("unchecked")
  public final Op minimize(Operand<TFloat32> loss) {
    if (train != null) {
      throw new IllegalStateException("minimize was already called on this optimizer");
    }
    Ops tf = scope;
    Graph graph = (Graph) tf.scope().env();
    groups.checkEveryGroupIsUsed(params.trainable());
    Set<GraphOperation> lossInputs = graph.subgraphTo(Set.of(loss));
    List<Param> reachable = new ArrayList<>();
    int frozen = 0;
    for (Param param : params.trainable()) {
      if (lossInputs.contains(param.value().op())) {
        if (groupOf.get(param.name()).frozen()) {
          frozen++;
        } else {
          reachable.add(param);
        }
      }
    }
    if (reachable.isEmpty()) {
      if (frozen > 0) throw new ConfigException("train.param_groups: every parameter the loss depends on is frozen");
      throw new IllegalArgumentException("the loss depends on no trainable parameter");
    }
    Output<?>[] xs = reachable.stream().map(p -> p.value().asOutput()).toArray(Output<?>[]::new);
    Output<?>[] grads = graph.addGradients(loss.asOutput(), xs);
    List<Operand<TFloat32>> gradients = new ArrayList<>();
    for (int i = 0; i < grads.length; i++) {
      if (grads[i] == null || grads[i].isClosed()) {
        throw new IllegalStateException("no gradient reaches " + reachable.get(i).name()
            + " (an op without a gradient, e.g. ArgMax or Round, sits on its path)");
      }
      gradients.add((Output<TFloat32>) grads[i]);
    }

    List<Operand<TFloat32>> squares = new ArrayList<>();
    for (Operand<TFloat32> g : gradients) {
      squares.add(tf.nn.l2Loss(g));
    }
    Operand<TFloat32> sumOfSquares = tf.math.mul(tf.constant(2f),
        squares.size() == 1 ? squares.get(0) : tf.math.addN(squares));
    globalNorm = tf.withName("global_norm").math.sqrt(sumOfSquares);
    Map<ParamGroups.Group, List<Integer>> members = new LinkedHashMap<>();
    for (int i = 0; i < reachable.size(); i++) {
      members.computeIfAbsent(groupOf.get(reachable.get(i).name()), g -> new ArrayList<>()).add(i);
    }
    groupNorms = groups.configured() || members.size() > 1 ? groupNorms(tf, members, squares) : Map.of();
    clip(tf, gradients, squares, members);
    Map<ParamGroups.Group, Operand<TFloat32>> rates = new HashMap<>();
    for (ParamGroups.Group group : members.keySet()) {
      float multiplier = group.lrMultiplier();
      rates.put(group, multiplier == 1f ? learningRate : tf.math.mul(learningRate, tf.constant(multiplier)));
    }
    if (groups.configured()) LOG.info("parameter groups: {}", describe(reachable, members, frozen));

    Ops afterBackward = tf.withControlDependencies(List.of(loss, globalNorm));
    Operand<TInt64> stepBefore = tf.identity(step);
    Operand<TFloat32> t = tf.dtypes.cast(tf.math.add(stepBefore, tf.constant(1L)), TFloat32.class);
    prepare(afterBackward, t);
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < reachable.size(); i++) {
      Operand<TFloat32> rate = rates.get(groupOf.get(reachable.get(i).name()));
      updates.add(update(afterBackward, reachable.get(i), gradients.get(i), rate));
    }
    updates.add(stepBefore);
    Op increment = tf.withControlDependencies(updates).assignAdd(step, tf.constant(1L));
    train = tf.withName("train").withControlDependencies(List.of(increment)).noOp();
    updated = List.copyOf(reachable);
    return train;
  }

  /**
   * Global clipping as before groups for every group without a clip norm of its own (by their joint
   * norm, which is {@link #globalNorm} when no group has its own), then each group with one by its own.
   */
  private void clip(Ops tf, List<Operand<TFloat32>> gradients, List<Operand<TFloat32>> squares,
      Map<ParamGroups.Group, List<Integer>> members) {
    List<Integer> shared = new ArrayList<>();
    members.forEach((group, indices) -> {
      if (group.clipNorm() == null) shared.addAll(indices);
    });
    if (clipNorm > 0f && !shared.isEmpty()) {
      Operand<TFloat32> norm = shared.size() == gradients.size() ? globalNorm : norm(tf, squares, shared);
      scale(tf, gradients, shared, norm, clipNorm);
    }
    members.forEach((group, indices) -> {
      Float own = group.clipNorm();
      if (own != null && own > 0f) {
        Operand<TFloat32> norm = groupNorms.get(group.name());
        scale(tf, gradients, indices, norm != null ? norm : norm(tf, squares, indices), own);
      }
    });
  }

  private static void scale(Ops tf, List<Operand<TFloat32>> gradients, List<Integer> indices,
      Operand<TFloat32> norm, float limitValue) {
    Operand<TFloat32> limit = tf.constant(limitValue);
    Operand<TFloat32> scale = tf.math.div(limit, tf.math.maximum(norm, limit));
    for (int i : indices) gradients.set(i, tf.math.mul(gradients.get(i), scale));
  }

  /** Each group's gradient norm before clipping (the global norm itself when there is one group). */
  private Map<String, Operand<TFloat32>> groupNorms(Ops tf, Map<ParamGroups.Group, List<Integer>> members,
      List<Operand<TFloat32>> squares) {
    Map<String, Operand<TFloat32>> norms = new LinkedHashMap<>();
    members.forEach((group, indices) ->
        norms.put(group.name(), members.size() == 1 ? globalNorm : norm(tf, squares, indices)));
    return Collections.unmodifiableMap(norms);
  }

  /** sqrt(Σ‖g‖²) over the gradients at {@code indices}, from their l2Loss (= ‖g‖²/2) terms. */
  private static Operand<TFloat32> norm(Ops tf, List<Operand<TFloat32>> squares, List<Integer> indices) {
    List<Operand<TFloat32>> terms = indices.stream().map(squares::get).toList();
    return tf.math.sqrt(tf.math.mul(tf.constant(2f), terms.size() == 1 ? terms.get(0) : tf.math.addN(terms)));
  }

  private static String describe(List<Param> reachable, Map<ParamGroups.Group, List<Integer>> members, int frozen) {
    List<String> parts = new ArrayList<>();
    members.forEach((g, indices) -> {
      long size = indices.stream().mapToLong(i -> reachable.get(i).shape().size()).sum();
      parts.add(g.name() + " (" + indices.size() + " variables, " + size + " weights, lr x" + g.lrMultiplier()
          + (g.clipNorm() == null ? "" : ", clip " + g.clipNorm()) + ")");
    });
    if (frozen > 0) parts.add(frozen + " frozen variables");
    return String.join("; ", parts);
  }

  public final Placeholder<TFloat32> learningRate() {
    return learningRate;
  }

  /** Global gradient norm before clipping; available after {@link #minimize}. */
  public final Operand<TFloat32> globalNorm() {
    if (globalNorm == null) {
      throw new IllegalStateException("call minimize first");
    }
    return globalNorm;
  }

  /**
   * Updates applied so far. Read it in a run of its own: fetched together with {@link #TRAIN} it
   * races with the increment.
   */
  public final Variable<TInt64> step() {
    return step;
  }

  /**
   * Each updated group's gradient norm before clipping, by group name in the order groups first
   * appear, for fetching with {@link #TRAIN}; empty (nothing to fetch) unless groups are configured or
   * the model uses more than one. Available after {@link #minimize}.
   */
  public final Map<String, Operand<TFloat32>> groupNorms() {
    return groupNorms;
  }

  /** Parameters that {@link #minimize} updates, in creation order (the loss reaches exactly these, frozen ones aside). */
  public final List<Param> updated() {
    return updated;
  }

  public final float clipNorm() {
    return clipNorm;
  }
}
