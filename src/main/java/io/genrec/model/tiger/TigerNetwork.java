package io.genrec.model.tiger;

import io.genrec.semid.SemanticIdTokens;

import io.genrec.nn.Dense;
import io.genrec.nn.Dims;
import io.genrec.nn.Dropout;
import io.genrec.nn.Embedding;
import io.genrec.nn.Init;
import io.genrec.nn.Masks;
import io.genrec.nn.Params;
import io.genrec.nn.TransformerBlockConfig;
import io.genrec.nn.TransformerDecoderBlock;
import io.genrec.nn.TransformerEncoderBlock;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * TIGER's encoder-decoder over one {@link Params}: pre-norm transformer blocks (T5 style, with a final
 * LayerNorm on each stack; the shared {@link TransformerEncoderBlock} and {@link TransformerDecoderBlock},
 * with {@link TigerInferenceBlocks} computing the same function faster at inference), one token table
 * shared by encoder and decoder, an output layer over the code tokens. Create one per graph build; decoding steps may be applied
 * many times (once per beam-search level) and reuse their weights.
 */
public final class TigerNetwork {
  private final Params params;
  private final TigerConfig config;
  private final SemanticIdTokens tokens;
  private final int maxItems;
  private final Embedding table;
  private final Operand<TFloat32> encoderPositions;
  private final Operand<TFloat32> decoderPositions;
  private final int[] encoderPositionOfColumn;
  /** Pre-norm, ReLU, epsilon 1e-6, the one dropout rate everywhere: TIGER's T5-style blocks. */
  private final TransformerBlockConfig block;
  private final TigerInferenceBlocks inference;
  private Params reuse;
  /** Tests set this to run inference through the shared blocks, to check the fast path. */
  boolean referenceEncoder;

  /** @param maxItems the most history items the encoder reads */
  public TigerNetwork(Params params, TigerConfig config, SemanticIdTokens tokens, int maxItems) {
    this.params = params;
    this.config = config;
    this.tokens = tokens;
    this.maxItems = maxItems;
    int d = config.dModel();
    table = Embedding.create(params, "tiger/tokens", tokens.vocabulary(), d, Init.normal(0.02f), false);
    encoderPositionOfColumn = encoderPositionIds();
    int positionRows = 0;
    for (int p : encoderPositionOfColumn) positionRows = Math.max(positionRows, p + 1);
    encoderPositions = config.positions() == TigerConfig.Positions.NONE ? null
        : params.variable("tiger/encoder_positions/table", Shape.of(positionRows, d), Init.normal(0.02f), false)
            .value();
    decoderPositions = params.variable("tiger/decoder_positions/table", Shape.of(tokens.levels(), d),
        Init.normal(0.02f), false).value();
    float dropout = (float) config.dropout();
    block = TransformerBlockConfig.of(d, config.numHeads(), config.headDim(), config.ffDim())
        .withPreNorm(true).withDropout(dropout, dropout).withLayerNormEpsilon(1e-6f);
    inference = new TigerInferenceBlocks(block);
  }

  /** The token table [vocabulary, dModel] encoder and decoder read (DIGER's indicator × table). */
  public Operand<TFloat32> tokenTable() {
    return table.table();
  }

  /** Widest encoder input: every code of maxItems items, then the user token. */
  int maxEncoderTokens() {
    return maxItems * tokens.levels() + (tokens.hasUserToken() ? 1 : 0);
  }

  /**
   * The position id of each column of a full-width encoder input, counted from the end so that
   * inputs cut to their longest history keep their ids: the user token (last) is 0, then the codes
   * of the most recent item, and so on.
   */
  private int[] encoderPositionIds() {
    int width = maxEncoderTokens();
    int user = tokens.hasUserToken() ? 1 : 0;
    int[] ids = new int[width];
    for (int column = 0; column < width; column++) {
      int fromEnd = width - 1 - column;
      if (config.positions() == TigerConfig.Positions.TOKEN) {
        ids[column] = fromEnd;
      } else {
        ids[column] = fromEnd < user ? 0 : user + (fromEnd - user) / tokens.levels();
      }
    }
    return ids;
  }

  /**
   * @param input int32 [batch, width] encoder tokens, left-padded, width ≤ {@link #maxEncoderTokens}
   * @return memory float32 [batch, width, dModel]
   */
  public Operand<TFloat32> encode(Operand<TInt32> input) {
    return encode(input, null);
  }

  /**
   * As {@link #encode(Operand)}, adding {@code inputOffset} [batch, width, dModel] to the token
   * embeddings (null: nothing): DIGER's straight-through term, exactly zero forward, through which
   * the tokens' soft assignment gets its gradient.
   */
  public Operand<TFloat32> encode(Operand<TInt32> input, Operand<TFloat32> inputOffset) {
    Ops tf = params.tf();
    Operand<TFloat32> x = table.lookup(input);
    if (inputOffset != null) x = tf.math.add(x, inputOffset);
    if (encoderPositions != null) {
      Operand<TInt32> width = Dims.size(tf, input, 1);
      Operand<TInt32> ids = tf.slice(tf.constant(encoderPositionOfColumn),
          tf.expandDims(tf.math.sub(tf.constant(encoderPositionOfColumn.length), width), tf.constant(0)),
          tf.expandDims(width, tf.constant(0)));
      x = tf.math.add(x, tf.gather(encoderPositions, ids, tf.constant(0)));
    }
    x = Dropout.apply(params, x, (float) config.dropout());
    Operand<TBool> mask = Masks.keyPadding(tf, input);
    for (int layer = 0; layer < config.encoderLayers(); layer++) {
      String name = "tiger/encoder/block_" + layer;
      x = params.training() || referenceEncoder ? new TransformerEncoderBlock(block).apply(params, name, x, mask)
          : inference.encoder(params, name, x, mask);
    }
    return block.norm().apply(params, "tiger/encoder/final_norm", x);
  }

  /**
   * Runs the decoder over whole target sequences (teacher forcing).
   *
   * @param input int32 [batch, n] decoder tokens
   * @param positions int32 [n] the level each column predicts (its decoder position)
   * @param memory the encoder output
   * @param memoryMask bool [batch, 1, 1, width]: which memory columns are real
   * @return float32 [batch, n, dModel]
   */
  public Operand<TFloat32> decode(Operand<TInt32> input, int[] positions, Operand<TFloat32> memory,
      Operand<TBool> memoryMask) {
    return decode(input, null, positions, memory, memoryMask);
  }

  /** As {@link #decode(Operand, int[], Operand, Operand)}, adding {@code inputOffset} (or null) to the token embeddings. */
  public Operand<TFloat32> decode(Operand<TInt32> input, Operand<TFloat32> inputOffset, int[] positions,
      Operand<TFloat32> memory, Operand<TBool> memoryMask) {
    // The decoder's weights are created together, so its first one tells whether they exist yet.
    Params p = paramsFor("tiger/decoder/block_0/self_attention_norm/gain");
    Ops tf = p.tf();
    Operand<TFloat32> tokensIn = inputOffset == null ? table.lookup(input) : tf.math.add(table.lookup(input), inputOffset);
    Operand<TFloat32> x = tf.math.add(tokensIn,
        tf.gather(decoderPositions, tf.constant(positions), tf.constant(0)));
    x = Dropout.apply(p, x, (float) config.dropout());
    for (int layer = 0; layer < config.decoderLayers(); layer++) {
      x = new TransformerDecoderBlock(block).apply(p, "tiger/decoder/block_" + layer, x, memory, null, memoryMask);
    }
    return block.norm().apply(p, "tiger/decoder/final_norm", x);
  }

  /** Every decoder block's cross-attention over {@code memory}, prepared once per call. */
  List<TigerInferenceBlocks.CrossAttention> crossAttention(Operand<TFloat32> memory) {
    List<TigerInferenceBlocks.CrossAttention> cross = new ArrayList<>();
    for (int layer = 0; layer < config.decoderLayers(); layer++) {
      cross.add(inference.crossAttention(this::paramsFor, "tiger/decoder/block_" + layer, memory));
    }
    return cross;
  }

  /** The decoder's states for one new position of every beam, and the caches extended by it. */
  record Step(Operand<TFloat32> states, List<TigerInferenceBlocks.SelfCache> caches) {}

  /**
   * One decoding step (inference): the new tokens of every beam at decoder position
   * {@code position}, attending to earlier positions through {@code caches}.
   *
   * @param input int32 [batch, beams]
   * @param caches per block, or null at position 0
   */
  Step decodeStep(Operand<TInt32> input, int position, List<TigerInferenceBlocks.SelfCache> caches,
      List<TigerInferenceBlocks.CrossAttention> memory, Operand<TBool> memoryMask) {
    Ops tf = params.tf();
    Operand<TFloat32> x = tf.math.add(table.lookup(input),
        tf.gather(decoderPositions, tf.constant(position), tf.constant(0)));
    List<TigerInferenceBlocks.SelfCache> next = new ArrayList<>();
    for (int layer = 0; layer < config.decoderLayers(); layer++) {
      TigerInferenceBlocks.Step step = inference.decoderStep(this::paramsFor, "tiger/decoder/block_" + layer, x,
          caches == null ? null : caches.get(layer), memory.get(layer), memoryMask);
      x = step.output();
      next.add(step.cache());
    }
    String finalNorm = "tiger/decoder/final_norm";
    return new Step(block.norm().apply(paramsFor(finalNorm + "/gain"), finalNorm, x), next);
  }

  /** Scores of every code token, float32 [..., codeColumns], from decoder states [..., dModel]. */
  public Operand<TFloat32> logits(Operand<TFloat32> states) {
    return Dense.of(config.dModel(), tokens.codeColumns()).apply(paramsFor("tiger/output/kernel"), "tiger/output",
        states);
  }

  /**
   * The Params to build a layer whose first variable is {@code variable}: the build's own the first
   * time, a view that looks the weights up after that. Decoding applies the decoder once per level,
   * and a build that creates variables (training, or a fresh export graph) must not claim a name
   * twice. An inference view never creates, so it serves every time.
   */
  private Params paramsFor(String variable) {
    if (params.find(variable).isEmpty()) return params;
    if (reuse == null) reuse = params.inferenceView();
    return reuse;
  }

  /** Memory key mask [batch, 1, 1, width] from encoder tokens. */
  public static Operand<TBool> memoryMask(Ops tf, Operand<TInt32> encoderInput) {
    return Masks.keyPadding(tf, encoderInput);
  }
}
