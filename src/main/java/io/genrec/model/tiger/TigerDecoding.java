package io.genrec.model.tiger;

import io.genrec.semid.ConstrainedBeamSearch;
import io.genrec.semid.SemanticIdTokens;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gather;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * TIGER's side of the beam search: the decoder run incrementally, one level per call. Each beam
 * feeds only its newest code; earlier positions come from per-beam key/value caches, reordered to
 * follow the beams the search kept. Cross-attention attends all of a user's beams to that user's
 * memory at once, projected once per user: nothing is copied per beam.
 */
public final class TigerDecoding implements ConstrainedBeamSearch.LevelScorer {
  private final Ops tf;
  private final TigerNetwork net;
  private final SemanticIdTokens tokens;
  private final Operand<TInt32> batch;
  private final List<TigerInferenceBlocks.CrossAttention> memory;
  private final Operand<TBool> memoryMask;
  private List<TigerInferenceBlocks.SelfCache> caches;

  /**
   * @param memory the encoder output [batch, width, dModel]
   * @param memoryMask [batch, 1, 1, width]
   */
  public TigerDecoding(Ops tf, TigerNetwork net, SemanticIdTokens tokens, Operand<TInt32> batch, Operand<TFloat32> memory,
      Operand<TBool> memoryMask) {
    this.tf = tf;
    this.net = net;
    this.tokens = tokens;
    this.batch = batch;
    this.memory = net.crossAttention(memory);
    this.memoryMask = memoryMask;
  }

  @Override
  public Operand<TFloat32> logProbs(int level, Operand<TInt32> prefixes, Operand<TInt32> parents, int width) {
    Operand<TInt32> input;
    if (level == 0) {
      input = tf.fill(tf.stack(List.of(batch, tf.constant(width))), tf.constant(SemanticIdTokens.BOS));
    } else {
      List<TigerInferenceBlocks.SelfCache> kept = new ArrayList<>();
      for (TigerInferenceBlocks.SelfCache c : caches) {
        kept.add(new TigerInferenceBlocks.SelfCache(follow(c.keys(), parents), follow(c.values(), parents)));
      }
      caches = kept;
      Operand<TInt32> lastCode = tf.squeeze(tf.slice(prefixes, tf.constant(new int[] {0, 0, level - 1}),
          tf.constant(new int[] {-1, -1, 1})), Squeeze.axis(List.of(2L)));
      input = tf.math.add(lastCode, tf.constant(tokens.code(level - 1, 0)));
    }
    // A static beam count lets every reshape below keep one unknown dimension (the batch).
    input = tf.reshape(input, tf.constant(new int[] {-1, width}));
    TigerNetwork.Step step = net.decodeStep(input, level, caches, memory, memoryMask);
    caches = step.caches();
    Operand<TFloat32> logits = net.logits(step.states());
    Operand<TFloat32> levelLogits = tf.slice(logits, tf.constant(new int[] {0, 0, tokens.columnOffset(level)}),
        tf.constant(new int[] {-1, -1, tokens.radix(level)}));
    return tf.nn.logSoftmax(levelLogits);
  }

  /** A per-beam cache [batch, beams, ...] reordered to the kept beams' parents [batch, kept]. */
  private Operand<TFloat32> follow(Operand<TFloat32> cache, Operand<TInt32> parents) {
    return tf.gather(cache, parents, tf.constant(1), Gather.batchDims(1L));
  }
}
