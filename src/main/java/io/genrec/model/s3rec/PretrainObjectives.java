package io.genrec.model.s3rec;

import io.genrec.nn.Dense;
import io.genrec.nn.Dims;
import io.genrec.nn.Embedding;
import io.genrec.nn.Init;
import io.genrec.nn.ItemSequenceEncoder;
import io.genrec.nn.ItemTable;
import io.genrec.nn.Losses;
import io.genrec.nn.Masks;
import io.genrec.nn.Params;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * S3-Rec's four pre-training losses (paper §3.3-3.4). Each pair is scored by a learned bilinear map,
 * {@code f(x, y) = σ((W x + b) · y)} with its own W per objective ({@code s3rec/aap}, {@code mip},
 * {@code map}, {@code sp}), as the paper and the authors' code:
 *
 * <ul>
 *   <li>AAP: each unmasked item's embedding against every attribute, multi-label BCE;</li>
 *   <li>MIP: each masked position's context against its item and its negative, {@code −log σ(f⁺ − f⁻)};</li>
 *   <li>MAP: each masked position's context against every attribute of its item, multi-label BCE;</li>
 *   <li>SP: the masked-segment sequence's context (its last position) against the encoded segment and
 *       an encoded segment of another sequence, {@code −log σ(f⁺ − f⁻)}.</li>
 * </ul>
 *
 * <p>MIP and SP compare the two sigmoid scores, not the raw logits, exactly as the paper writes f and
 * the authors compute it, so each such loss lies in [0.31, 1.31]. AAP takes the item embedding, as the
 * paper's equation does; the authors' code scores the encoder output at unmasked positions instead.
 *
 * <p>Each loss is summed over its positions and attributes, as the authors' code does, and divided by
 * the number of sequences in the batch: the objective weights then balance the same quantities as in
 * the paper, and the loss does not grow with the batch size.
 */
final class PretrainObjectives {
  static final String ITEMS_SCOPE = "s3rec";
  static final String MIP = "s3rec/mip";

  private PretrainObjectives() {}

  /** The weighted joint loss; each objective with a weight above 0 is also put in {@code parts}. */
  static Operand<TFloat32> build(Params params, ItemSequenceEncoder encoder, ItemTable items,
      ItemAttributes attributes, int numItems, S3RecConfig config, PretrainInputs in,
      Map<String, Operand<TFloat32>> parts) {
    Ops tf = params.tf();
    int hidden = config.hidden();
    int maskToken = S3Rec.maskToken(numItems);
    S3RecConfig.ObjectiveWeights w = config.weights();
    AttributeLabels labels = new AttributeLabels(tf, attributes, S3Rec.vocab(numItems));
    Operand<TFloat32> attributeTable = Embedding.createUnpadded(params, ITEMS_SCOPE + "/attributes",
        labels.count(), hidden, Init.truncatedNormal(0.02f), false).table();
    Operand<TFloat32> sequences = tf.dtypes.cast(Dims.size(tf, in.maskedItems(), 0), TFloat32.class);
    Map<String, Operand<TFloat32>> losses = new LinkedHashMap<>();

    boolean segments = in.maskedSegment() != null;
    Operand<TInt32> input = segments ? tf.concat(List.of(in.maskedItems(), in.maskedSegment(), in.positiveSegment(),
        in.negativeSegment()), tf.constant(0)) : in.maskedItems();
    // One encoder pass over all four sequence kinds: same weights, fewer and larger ops.
    Operand<TFloat32> h = encoder.encode(params, items, input);
    List<Operand<TFloat32>> encoded = segments ? new ArrayList<>(tf.split(tf.constant(0), h, 4L).output()) : List.of(h);

    Operand<TInt64> masked = Losses.rowIndex(tf, tf.math.equal(in.maskedItems(), tf.constant(maskToken)));
    Operand<TFloat32> context = Losses.gatherRows(tf, encoded.get(0), masked);
    Operand<TInt32> maskedItems = Losses.gatherRows(tf, in.items(), masked);
    // Always built: the pre-trained model ranks through it (S3Rec.buildRanking), whatever its weight.
    Operand<TFloat32> mipContext = bilinear(params, MIP, hidden, context);
    if (w.mip() > 0) {
      Operand<TFloat32> positive = score(tf, mipContext, items.lookup(maskedItems));
      Operand<TFloat32> negative = score(tf, mipContext, items.lookup(Losses.gatherRows(tf, in.negatives(), masked)));
      losses.put("mip", perSequence(tf, pairwise(tf, positive, negative), sequences));
    }
    if (w.map() > 0) {
      Operand<TFloat32> logits = tf.linalg.matMul(bilinear(params, "s3rec/map", hidden, context), attributeTable,
          MatMul.transposeB(true));
      losses.put("map", perSequence(tf, multiLabel(tf, logits, labels.of(tf, maskedItems)), sequences));
    }
    if (w.aap() > 0) {
      Operand<TInt64> unmasked = Losses.rowIndex(tf, tf.math.logicalAnd(Masks.notPadding(tf, in.maskedItems()),
          tf.math.notEqual(in.maskedItems(), tf.constant(maskToken))));
      Operand<TInt32> own = Losses.gatherRows(tf, in.items(), unmasked);
      Operand<TFloat32> logits = tf.linalg.matMul(bilinear(params, "s3rec/aap", hidden, items.lookup(own)),
          attributeTable, MatMul.transposeB(true));
      losses.put("aap", perSequence(tf, multiLabel(tf, logits, labels.of(tf, own)), sequences));
    }
    if (w.sp() > 0) {
      if (!segments) throw new IllegalStateException("segment prediction needs the segment inputs");
      Operand<TFloat32> spContext = bilinear(params, "s3rec/sp", hidden, encoder.last(tf, encoded.get(1)));
      Operand<TFloat32> positive = score(tf, spContext, encoder.last(tf, encoded.get(2)));
      Operand<TFloat32> negative = score(tf, spContext, encoder.last(tf, encoded.get(3)));
      losses.put("sp", perSequence(tf, tf.math.mul(pairwise(tf, positive, negative), in.segmentWeight()), sequences));
    }
    List<Operand<TFloat32>> weighted = new ArrayList<>();
    Map<String, Double> weights = Map.of("aap", w.aap(), "mip", w.mip(), "map", w.map(), "sp", w.sp());
    losses.forEach((name, loss) -> {
      weighted.add(tf.math.mul(loss, tf.constant(weights.get(name).floatValue())));
      parts.put(name, loss);
    });
    return weighted.size() == 1 ? weighted.get(0) : tf.math.addN(weighted);
  }

  /** {@code W x + b}: the left side of the objective's bilinear score. */
  static Operand<TFloat32> bilinear(Params params, String name, int hidden, Operand<TFloat32> x) {
    return Dense.of(hidden, hidden).apply(params, name, x);
  }

  /** σ(a · b) per row: [n, d] × [n, d] → [n]. */
  private static Operand<TFloat32> score(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b) {
    return tf.math.sigmoid(tf.reduceSum(tf.math.mul(a, b), tf.constant(-1)));
  }

  /** −log σ(f⁺ − f⁻) = softplus(f⁻ − f⁺), per row. */
  private static Operand<TFloat32> pairwise(Ops tf, Operand<TFloat32> positive, Operand<TFloat32> negative) {
    return tf.math.softplus(tf.math.sub(negative, positive));
  }

  /** Binary cross-entropy of σ(logits) against 0/1 targets, per element: softplus(x) − x·z. */
  private static Operand<TFloat32> multiLabel(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> targets) {
    return tf.math.sub(tf.math.softplus(logits), tf.math.mul(logits, targets));
  }

  /** Σ values / sequences in the batch. */
  private static Operand<TFloat32> perSequence(Ops tf, Operand<TFloat32> values, Operand<TFloat32> sequences) {
    return tf.math.div(tf.sum(tf.reshape(values, tf.constant(new int[] {-1})), tf.constant(0)), sequences);
  }
}
