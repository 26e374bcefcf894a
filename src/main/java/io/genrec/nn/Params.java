package io.genrec.nn;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.Scope;
import org.tensorflow.op.core.Identity;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * The variables of one graph build, in creation order, plus what every block needs to build itself:
 * the {@link Ops}, the base seed and whether this build is for training.
 *
 * <p>Variables get exactly the path they are asked for, e.g.
 * {@code encoder/block_0/feed_forward/hidden/kernel} (with {@code .../Assign} and {@code .../read}
 * beside it), because checkpoints move weights between graphs by name. They are built with raw op
 * builders rather than {@code withSubScope}: TF Java rescans every op in the graph each time a sub-scope
 * is created, which made a TIGER-sized build quadratic (seconds). Compute ops therefore live in the root
 * scope with TF's default names.
 */
public final class Params {

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9.][A-Za-z0-9_.\\-]*");
  private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9_.\\-]+");

  /** The group of every parameter a model does not put elsewhere. */
  public static final String DEFAULT_GROUP = "default";

  /** What one build has created so far; shared by its {@link #group} views. */
  private static final class Build {
    final List<Param> trainable = new ArrayList<>();
    final List<StateTable<?>> tables = new ArrayList<>();
    final Map<String, Param> byName = new HashMap<>();
    final Set<String> taken = new HashSet<>();
    final List<Consumer<Param>> listeners = new ArrayList<>();
    long opSeeds;
    /** The optimizer's update counter, once a training graph has one. */
    Operand<org.tensorflow.types.TInt64> step;
  }

  private final Ops tf;
  private final Graph graph;
  private final long seed;
  private final boolean training;
  private final Build build;
  /** The group parameters created through this Params belong to. */
  private final String group;
  /** Set on an inference view: parameters are looked up here instead of created. */
  private final Params shared;
  /** Set on a frozen build: each parameter (and {@link #table}) becomes a constant holding this value. */
  private final Map<String, Tensor> frozen;

  public Params(Ops tf, long seed, boolean training) {
    this(tf, seed, training, null, null, new Build(), DEFAULT_GROUP);
  }

  /**
   * An inference build whose parameters are graph constants holding {@code values} (by parameter
   * name) instead of variables: a serving graph needs no restore, and the graph optimiser can fold
   * every computation on weights alone (per-head kernel layouts, reshaped biases) once at load time
   * instead of on every call. The tensors must stay open until the graph is built. {@link #table}
   * values may be among them, by table name.
   */
  public static Params frozen(Ops tf, long seed, Map<String, ? extends Tensor> values) {
    return new Params(tf, seed, false, null, Map.copyOf(values), new Build(), DEFAULT_GROUP);
  }

  private Params(Ops tf, long seed, boolean training, Params shared, Map<String, Tensor> frozen, Build build,
      String group) {
    if (!(tf.scope().env() instanceof Graph)) {
      throw new IllegalArgumentException("Params builds graph variables; got an eager environment");
    }
    this.tf = tf;
    this.graph = (Graph) tf.scope().env();
    this.seed = seed;
    this.training = training;
    this.shared = shared;
    this.frozen = frozen;
    this.build = build;
    this.group = group;
  }

  /**
   * The same weights in inference mode, in the same graph: building a block again through the view
   * reuses the parameters created through this Params (dropout off). The trainer builds its
   * validation ranking head this way, so evaluation needs no copy of the weights.
   */
  public Params inferenceView() {
    return new Params(tf, seed, false, this, null, new Build(), group);
  }

  /**
   * The same build, but parameters created through the returned view belong to group {@code name}
   * (e.g. a tokenizer inside a recommender), so that a config can train them at their own learning
   * rate, clip them on their own or freeze them ({@code train.param_groups}). Everything else, the
   * list of parameters included, is shared with this Params.
   */
  public Params group(String name) {
    if (!GROUP.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid parameter group name '" + name
          + "' (letters, digits, '_', '.' and '-')");
    }
    return new Params(tf, seed, training, shared, frozen, build, name);
  }

  /** The group {@link #variable} puts new parameters in. */
  public String group() {
    return group;
  }

  public Ops tf() {
    return tf;
  }

  public long seed() {
    return seed;
  }

  /** True when building the training graph: dropout is active only then. */
  public boolean training() {
    return training;
  }

  /** Creates a trainable float variable and tells every listener about it before returning. */
  public Param variable(String name, Shape shape, Init init, boolean decay) {
    if (shape.hasUnknownDimension()) {
      throw new IllegalArgumentException("parameter " + name + " needs a fully known shape, got " + shape);
    }
    if (shared != null) {
      Param existing = shared.build.byName.get(name);
      if (existing == null) {
        throw new IllegalStateException("inference view asked for parameter " + name
            + ", which the training build never created");
      }
      if (!java.util.Arrays.equals(existing.shape().asArray(), shape.asArray())) {
        throw new IllegalStateException("parameter " + name + " has shape " + existing.shape()
            + " in the training build but " + shape + " in the inference view");
      }
      return existing;
    }
    claim(name);
    if (frozen != null) return constant(name, shape, decay);
    Operand<TInt64> paramSeed = tf.constant(new long[] {seed, nameHash(name)});
    Variable<TFloat32> variable = create(name, shape, init.value(tf, shape, paramSeed));
    Operation read = graph.opBuilder("Identity", name + "/read", tf.scope()).addInput(variable.asOutput()).build();
    Param param = new Param(name, variable, new Identity<TFloat32>(read), shape, decay, group);
    build.trainable.add(param);
    build.byName.put(name, param);
    for (Consumer<Param> listener : List.copyOf(build.listeners)) {
      listener.accept(param);
    }
    return param;
  }

  /** A frozen build's parameter: a Const named like the variable it replaces (no variable behind it). */
  private Param constant(String name, Shape shape, boolean decay) {
    if (frozen.get(name) != null && !(frozen.get(name) instanceof TFloat32)) {
      throw new IllegalStateException("frozen build: parameter " + name + " needs a float32 value");
    }
    TFloat32 value = (TFloat32) frozen.get(name);
    if (value == null) {
      throw new IllegalStateException("frozen build asked for parameter " + name + ", which the weights lack");
    }
    if (!value.shape().equals(shape)) {
      throw new IllegalStateException("parameter " + name + " has shape " + value.shape() + " in the weights but "
          + shape + " in this build");
    }
    Operation op = graph.opBuilder("Const", name, tf.scope())
        .setAttr("dtype", value.dataType())
        .setAttr("value", value)
        .build();
    Param param = new Param(name, null, op.<TFloat32>output(0), shape, decay, group);
    build.trainable.add(param);
    build.byName.put(name, param);
    return param;
  }

  /**
   * A non-trainable variable (step counters, optimizer slots) starting at {@code initial}, whose static
   * shape must be fully known. Never in {@link #trainable()}.
   */
  public <T extends TType> Variable<T> state(String name, Operand<T> initial) {
    Shape shape = initial.shape();
    if (shape.isUnknown() || shape.hasUnknownDimension()) {
      throw new IllegalArgumentException("state " + name + " needs a fully known shape, got " + shape);
    }
    claim(name);
    return create(name, shape, initial);
  }

  /**
   * A non-trainable variable holding lookup data, starting at {@code initial} (fully known shape): saved
   * and restored with every checkpoint like any variable, replaced whole by the model's own assign ops
   * (see {@link StateTable#variable}). A frozen build makes it a constant holding its frozen value, so an
   * export bakes what the variable held. Never in {@link #trainable()}.
   */
  public <T extends TType> StateTable<T> table(String name, Operand<T> initial) {
    Shape shape = initial.shape();
    if (shape.isUnknown() || shape.hasUnknownDimension()) {
      throw new IllegalArgumentException("table " + name + " needs a fully known shape, got " + shape);
    }
    claim(name);
    StateTable<T> table;
    if (frozen != null) {
      Tensor value = frozen.get(name);
      if (value == null) {
        throw new IllegalStateException("frozen build asked for table " + name + ", which the weights lack");
      }
      if (value.dataType() != initial.asOutput().dataType() || !value.shape().equals(shape)) {
        throw new IllegalStateException("table " + name + " is " + value.dataType() + " " + value.shape()
            + " in the weights but " + initial.asOutput().dataType() + " " + shape + " in this build");
      }
      Operation op = graph.opBuilder("Const", name, tf.scope())
          .setAttr("dtype", value.dataType()).setAttr("value", value).build();
      table = new StateTable<>(name, null, op.<T>output(0));
    } else {
      Variable<T> variable = create(name, shape, initial);
      Operation read = graph.opBuilder("Identity", name + "/read", tf.scope()).addInput(variable.asOutput()).build();
      table = new StateTable<>(name, variable, read.<T>output(0));
    }
    build.tables.add(table);
    return table;
  }

  /** Tables made by {@link #table} in this build, in creation order. */
  public List<StateTable<?>> tables() {
    return Collections.unmodifiableList(build.tables);
  }

  /** Trainable parameters in creation order (the same order in every build of the same model). */
  public List<Param> trainable() {
    return Collections.unmodifiableList(build.trainable);
  }

  public Optional<Param> find(String name) {
    return Optional.ofNullable(build.byName.get(name));
  }

  /**
   * Calls {@code listener} for every parameter created from now on, right after its variable; the
   * parameters that already exist are replayed first so a late listener misses nothing. Optimizers use
   * this to create their slots next to each parameter, before any gradient exists (much faster builds).
   */
  public void onCreate(Consumer<Param> listener) {
    for (Param existing : List.copyOf(build.trainable)) {
      listener.accept(existing);
    }
    build.listeners.add(listener);
  }

  /**
   * A fresh op-level seed for a stateful random op (dropout). Counting per build makes the n-th random op
   * get the same seed in every fresh graph built by the same code, so runs reproduce.
   */
  public long nextOpSeed() {
    return ++build.opSeeds;
  }

  /** Set by the optimizer of a training graph: its update counter (0 before the first update). */
  public void stepCounter(Operand<org.tensorflow.types.TInt64> step) {
    build.step = step;
  }

  /**
   * The [2] int64 seed of one stateless random draw (dropout masks, Gumbel noise): this op's own
   * seed, and the optimizer's update counter. Update s then draws the same numbers whether the run
   * went straight there or was resumed from a checkpoint on the way (the counter is checkpointed);
   * a stateful generator would restart its stream with the process. Without an optimizer the
   * counter is 0: every run of the graph draws alike.
   */
  public Operand<org.tensorflow.types.TInt64> drawSeed() {
    long op = seed * 1_000_003L + nextOpSeed();
    Operand<org.tensorflow.types.TInt64> step = build.step != null ? build.step : tf.constant(0L);
    return tf.stack(List.of(tf.constant(op), step));
  }

  /** VariableV2 + its initialising Assign (an init op, run when a Session opens), named exactly. */
  private <T extends TType> Variable<T> create(String name, Shape shape, Operand<T> initial) {
    Scope init = tf.scope().withInitScope();
    Operation op = graph.opBuilder(Variable.OP_NAME, name, init)
        .setAttr("shape", shape)
        .setAttr("dtype", initial.asOutput().dataType())
        .build();
    Variable<T> variable = new Variable<>(op);
    graph.opBuilder("Assign", name + "/Assign", init)
        .addInput(variable.asOutput())
        .addInput(initial.asOutput())
        .build();
    return variable;
  }

  private void claim(String name) {
    for (String segment : name.split("/", -1)) {
      if (!SEGMENT.matcher(segment).matches()) {
        throw new IllegalArgumentException("invalid variable name '" + name + "'");
      }
    }
    if (!build.taken.add(name)) {
      throw new IllegalArgumentException("variable name already used in this build: " + name);
    }
  }

  /** 64-bit FNV-1a of the name: stable across JVMs, and wider than String.hashCode. */
  static long nameHash(String name) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      hash ^= (b & 0xff);
      hash *= 0x100000001b3L;
    }
    return hash;
  }
}
