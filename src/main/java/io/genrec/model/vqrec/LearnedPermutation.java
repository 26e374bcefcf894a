package io.genrec.model.vqrec;

import io.genrec.nn.Init;
import io.genrec.nn.Param;
import io.genrec.nn.Params;
import io.genrec.nn.StateTable;
import io.genrec.train.FeedBatch;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.ReduceMax;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * {@code permutation: learned}: the paper's code-embedding alignment for fine-tuning. A learnable
 * logit matrix per sub-vector ({@value #LOGITS}, D × K × K, parameter group {@value #GROUP}) becomes a
 * doubly-stochastic matrix S by Gumbel-Sinkhorn; the forward pass uses a true bijection matched from
 * S ({@link PermutationMatching}), the backward pass goes through S (straight-through). While it
 * learns, the code table is read through it and held fixed (its gradient is zero); the rest of the
 * model trains as configured.
 *
 * <p>Why a hard forward: the re-mapped table must be one that can be written into the code table
 * afterwards, row for row, so training sees exactly the table it will keep. Why the matching is done
 * in Java: a bijection is picked one pair at a time, a loop of K steps per sub-vector that would be K
 * unrolled passes over [D, K, K] in the graph; instead the step's soft matrix is fetched first (the
 * same stateless noise seed gives the same noise in both runs), matched, and fed to the step.
 *
 * <p>After the reassign epochs the Sinkhorn and the (zero) straight-through term still run in every
 * step, as the graph is fixed: about 2 · D · K² · hidden multiply-adds forward and twice that
 * backward (2.5 GFLOP at Scientific's sizes, a few percent of a batch of 1,024 histories).
 *
 * <p>State lives in variables, so checkpoints carry it: the logits, and {@value #SOURCE}, the hard
 * re-mapping ranking reads the table through (identity until the first reassign epoch ends, the
 * noise-free matching after each, identity again once the permutation is written into the table).
 */
final class LearnedPermutation {
  static final String LOGITS = "vqrec/permutation/logits";
  static final String SOURCE = "vqrec/permutation/source";
  static final String GROUP = "permutation";

  private final int subvectors;
  private final int codebookSize;
  private final Object graph;
  private final StateTable<TInt32> source;
  private final Param logits;
  private final Operand<TFloat32> rows;
  private final Operand<TFloat32> soft;
  private final Operand<TInt64> noiseSeed;
  private final Operand<TFloat32> reassigning;
  private final Operand<TInt32> stepSource;
  private final Placeholder<TInt32> assigned;
  private final Op setSource;
  private final Op writeTable;

  private LearnedPermutation(int subvectors, int codebookSize, Object graph, StateTable<TInt32> source, Param logits,
      Operand<TFloat32> rows, Operand<TFloat32> soft, Operand<TInt64> noiseSeed, Operand<TFloat32> reassigning,
      Operand<TInt32> stepSource, Placeholder<TInt32> assigned, Op setSource, Op writeTable) {
    this.subvectors = subvectors;
    this.codebookSize = codebookSize;
    this.graph = graph;
    this.source = source;
    this.logits = logits;
    this.rows = rows;
    this.soft = soft;
    this.noiseSeed = noiseSeed;
    this.reassigning = reassigning;
    this.stepSource = stepSource;
    this.assigned = assigned;
    this.setSource = setSource;
    this.writeTable = writeTable;
  }

  /**
   * The training build over {@code table} (the code-table parameter): logits, Sinkhorn, the
   * straight-through re-mapped rows for the loss ({@link #rows}) and the assign ops of the hooks.
   */
  static LearnedPermutation training(Params params, Param table, ItemCodes codes, VqRecConfig config) {
    Ops tf = params.tf();
    int d = codes.subvectors();
    int k = codes.codebookSize();
    int hidden = (int) table.shape().get(1);
    StateTable<TInt32> source = sourceTable(params, codes);
    // Zeros: no preference among the codes at the start; the Gumbel noise explores.
    Param logits = params.group(GROUP).variable(LOGITS, Shape.of(d, k, k), Init.zeros(), false);
    Operand<TFloat32> reassigning = tf.withName("vqrec_permutation_reassigning")
        .placeholderWithDefault(tf.constant(0f), Shape.scalar());
    Operand<TInt64> noiseSeed = tf.withName("vqrec_permutation_noise_seed")
        .placeholderWithDefault(tf.constant(new long[] {0, 0}), Shape.of(2));
    Operand<TFloat32> soft = sinkhorn(tf, logits.value(), gumbel(tf, noiseSeed, d, k), reassigning,
        (float) config.sinkhornTemperature(), config.sinkhornIterations());

    Operand<TFloat32> e = table.value();
    Operand<TFloat32> fixed = tf.stopGradient(e);
    // Forward value e exactly; gradient only when not reassigning, so the table holds still meanwhile.
    Operand<TFloat32> gated = tf.math.add(fixed, tf.math.mul(tf.math.sub(e, fixed),
        tf.math.sub(tf.constant(1f), reassigning)));
    Operand<TInt32> stepSource = tf.withName("vqrec_permutation_step_source")
        .placeholderWithDefault(source.value(), Shape.of(codes.tableRows()));
    Operand<TFloat32> hard = tf.gather(gated, stepSource, tf.constant(0));
    // Straight-through: (S - stop(S)) is exactly zero forward, so the rows are the hard ones, while the
    // gradient reaches S as if the rows were S times the (fixed) code rows.
    Operand<TFloat32> codeRows = tf.slice(tf.reshape(fixed, tf.constant(new int[] {d, k + 1, hidden})),
        tf.constant(new int[] {0, 1, 0}), tf.constant(new int[] {-1, -1, -1}));
    Operand<TFloat32> straight = tf.math.mul(tf.math.sub(soft, tf.stopGradient(soft)), reassigning);
    Operand<TFloat32> mixed = tf.linalg.einsum(List.of(straight, codeRows), "dij,djh->dih");
    Operand<TFloat32> padded = tf.concat(List.of(tf.zeros(tf.constant(new int[] {d, 1, hidden}), TFloat32.class),
        mixed), tf.constant(1));
    Operand<TFloat32> rows = tf.math.add(hard, tf.reshape(padded, tf.constant(new int[] {codes.tableRows(), hidden})));

    Placeholder<TInt32> assigned = tf.withName("vqrec_permutation_assigned")
        .placeholder(TInt32.class, Placeholder.shape(Shape.of(codes.tableRows())));
    Op setSource = tf.assign(source.variable(), assigned);
    Op writeTable = tf.assign(table.variable(), tf.gather(e, assigned, tf.constant(0)));
    return new LearnedPermutation(d, k, tf.scope().env(), source, logits, rows, soft, noiseSeed, reassigning,
        stepSource, assigned, setSource, writeTable);
  }

  /** {@value #SOURCE}, starting as the identity: created by the training build, or by an export's. */
  static StateTable<TInt32> sourceTable(Params params, ItemCodes codes) {
    return params.table(SOURCE,
        params.tf().constant(PermutationMatching.identity(codes.subvectors(), codes.codebookSize())));
  }

  /** Gumbel noise [D, K, K] from a stateless op, so the same seed gives the same noise in two runs. */
  private static Operand<TFloat32> gumbel(Ops tf, Operand<TInt64> seed, int d, int k) {
    Operand<TFloat32> u = tf.clipByValue(
        tf.random.statelessRandomUniform(tf.constant(new int[] {d, k, k}), seed, TFloat32.class),
        tf.constant(1e-6f), tf.constant(1f - 1e-6f));
    return tf.math.neg(tf.math.log(tf.math.neg(tf.math.log(u))));
  }

  /** exp of the log-domain Sinkhorn of (logits + noise·scale) / τ: rows, then columns, normalised. */
  static Operand<TFloat32> sinkhorn(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> noise,
      Operand<TFloat32> noiseScale, float temperature, int iterations) {
    Operand<TFloat32> x = tf.math.div(tf.math.add(logits, tf.math.mul(noise, noiseScale)), tf.constant(temperature));
    for (int i = 0; i < iterations; i++) {
      x = tf.math.sub(x, logSumExp(tf, x, 2));
      x = tf.math.sub(x, logSumExp(tf, x, 1));
    }
    return tf.math.exp(x);
  }

  private static Operand<TFloat32> logSumExp(Ops tf, Operand<TFloat32> x, int axis) {
    Operand<TInt32> a = tf.constant(axis);
    Operand<TFloat32> max = tf.stopGradient(tf.reduceMax(x, a, ReduceMax.keepDims(true)));
    return tf.math.add(tf.math.log(tf.reduceSum(tf.math.exp(tf.math.sub(x, max)), a, ReduceSum.keepDims(true))), max);
  }

  /** The code-table rows the training loss pools from. */
  Operand<TFloat32> rows() {
    return rows;
  }

  /** The re-mapping ranking reads the table through. */
  Operand<TInt32> source() {
    return source.value();
  }

  Param logits() {
    return logits;
  }

  /** True when {@code params} builds into the graph this was built in (the trainer's inference view). */
  boolean builtIn(Params params) {
    return params.tf().scope().env() == graph;
  }

  /**
   * Readies {@code batch} as a reassign step: the soft matrix under this step's noise is computed now,
   * from the logits as they are, matched to a bijection, and fed with the same noise seed, so the
   * step's forward pass uses exactly that bijection and its backward pass that soft matrix.
   */
  void prepareStep(Session session, long seed, long step, FeedBatch batch) {
    long[] noise = {seed, step};
    try (TInt64 seedT = TInt64.tensorOf(Shape.of(2), DataBuffers.of(noise, false, false));
        TFloat32 on = TFloat32.scalarOf(1f);
        Result r = session.runner().feed(noiseSeed, seedT).feed(reassigning, on).fetch(soft).run()) {
      int[] matched = PermutationMatching.greedy(read((TFloat32) r.get(0)), subvectors, codebookSize);
      batch.put(stepSource, Shape.of(matched.length), matched)
          .put(noiseSeed, TInt64.tensorOf(Shape.of(2), DataBuffers.of(noise.clone(), false, false)))
          .put(reassigning, TFloat32.scalarOf(1f));
    }
  }

  /** The bijection matched from the noise-free soft matrix of the current logits. */
  int[] current(Session session) {
    try (Result r = session.runner().fetch(soft).run()) {
      return PermutationMatching.greedy(read((TFloat32) r.get(0)), subvectors, codebookSize);
    }
  }

  /** Ranking reads the table through {@code matched} from now on (and checkpoints keep it). */
  void show(Session session, int[] matched) {
    try (TInt32 feed = tensor(matched)) {
      session.runner().feed(assigned, feed).addTarget(setSource).run().close();
    }
  }

  /**
   * Writes {@code matched} into the code table (row r takes row matched[r]) and resets the ranking
   * re-mapping to the identity, so from now on the table is used as it is.
   */
  void write(Session session, int[] matched) {
    try (TInt32 feed = tensor(matched)) {
      session.runner().feed(assigned, feed).addTarget(writeTable).run().close();
    }
    show(session, PermutationMatching.identity(subvectors, codebookSize));
  }

  private static TInt32 tensor(int[] values) {
    return TInt32.tensorOf(Shape.of(values.length), DataBuffers.of(values, false, false));
  }

  private static float[] read(TFloat32 t) {
    float[] values = new float[(int) t.shape().size()];
    t.asRawTensor().data().asFloats().read(values);
    return values;
  }
}
