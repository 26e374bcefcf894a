package io.genrec.model.tiger;

import io.genrec.semid.SemanticIdSource;


import io.genrec.semid.SemanticIdTokens;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.genrec.nn.Params;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The incremental decoder (one position per level, per-beam caches that follow the kept beams)
 * against the teacher-forced decoder over whole sequences: the same log-probabilities.
 */
class TigerDecodingTest {
  private static final int[] RADICES = {5, 4, 3};

  @Test
  void stepByStepDecodingWithReorderedBeamsEqualsFullDecoding() {
    TigerConfig config = new TigerConfig("tiger", SemanticIdSource.defaults(), 3, 0.0, 16, 2, 12, 24,
        2, 2, 0.0, 4, TigerConfig.Positions.ITEM, true);
    SemanticIdTokens tokens = new SemanticIdTokens(RADICES, 3);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params params = new Params(tf, 11, false);
      TigerNetwork net = new TigerNetwork(params, config, tokens, 3);
      // Two users: histories of 2 and 1 items (left-padded), then the user token.
      int[][] encoder = {
          {tokens.code(0, 1), tokens.code(1, 2), tokens.code(2, 0), tokens.code(0, 4), tokens.code(1, 0),
              tokens.code(2, 2), tokens.user(1)},
          {0, 0, 0, tokens.code(0, 3), tokens.code(1, 3), tokens.code(2, 1), tokens.unknownUser()}};
      Operand<TInt32> input = tf.constant(encoder);
      Operand<TFloat32> memory = net.encode(input);
      var mask = TigerNetwork.memoryMask(tf, input);
      Operand<TInt32> batch = tf.constant(2);

      // Beams per user at level 2, after a swap: beam 0 extends level-1 beam 1 and vice versa.
      int[][] level1 = {{2, 0}, {1, 4}}; // [user][beam] first codes
      int[][] level2 = {{3, 1}, {0, 2}}; // second codes of the swapped beams
      TigerDecoding decoding = new TigerDecoding(tf, net, tokens, batch, memory, mask);
      Operand<TFloat32> lp0 = decoding.logProbs(0, tf.constant(new int[][][] {{{}}, {{}}}), null, 1);
      Operand<TFloat32> lp1 = decoding.logProbs(1,
          tf.constant(new int[][][] {{{level1[0][0]}, {level1[0][1]}}, {{level1[1][0]}, {level1[1][1]}}}),
          tf.constant(new int[][] {{0, 0}, {0, 0}}), 2);
      Operand<TFloat32> lp2 = decoding.logProbs(2, tf.constant(new int[][][] {
              {{level1[0][1], level2[0][0]}, {level1[0][0], level2[0][1]}},
              {{level1[1][1], level2[1][0]}, {level1[1][0], level2[1][1]}}}),
          tf.constant(new int[][] {{1, 0}, {1, 0}}), 2);

      // Teacher forcing over [BOS, c1, c2] for each final beam.
      @SuppressWarnings("unchecked")
      Operand<TFloat32>[] full = new Operand[2];
      for (int beam = 0; beam < 2; beam++) {
        int other = 1 - beam;
        int[][] seq = {
            {SemanticIdTokens.BOS, tokens.code(0, level1[0][other]), tokens.code(1, level2[0][beam])},
            {SemanticIdTokens.BOS, tokens.code(0, level1[1][other]), tokens.code(1, level2[1][beam])}};
        Operand<TFloat32> states = net.decode(tf.constant(seq), new int[] {0, 1, 2}, memory, mask);
        full[beam] = net.logits(states);
      }
      try (Session s = new Session(g);
          Result r = s.runner().fetch(lp0).fetch(lp1).fetch(lp2).fetch(full[0]).fetch(full[1]).run()) {
        TFloat32 l0 = (TFloat32) r.get(0);
        TFloat32 l1 = (TFloat32) r.get(1);
        TFloat32 l2 = (TFloat32) r.get(2);
        for (int user = 0; user < 2; user++) {
          for (int beam = 0; beam < 2; beam++) {
            TFloat32 f = (TFloat32) r.get(3 + beam);
            assertLogSoftmax(f, user, 2, 2, l2, beam, tokens, "level 2 user " + user + " beam " + beam);
            // Position 1 of the teacher-forced run saw [BOS, c1] with c1 = level1[user][1 - beam].
            assertLogSoftmax(f, user, 1, 1, l1, 1 - beam, tokens, "level 1 user " + user + " beam " + (1 - beam));
            assertLogSoftmax(f, user, 0, 0, l0, 0, tokens, "level 0 user " + user);
          }
        }
      }
    }
  }

  @Test
  void inferenceEncoderEqualsTheSharedAttentionBlocks() {
    TigerConfig config = new TigerConfig("tiger", SemanticIdSource.defaults(), 3, 0.0, 16, 2, 12, 24,
        2, 2, 0.0, 4, TigerConfig.Positions.ITEM, true);
    SemanticIdTokens tokens = new SemanticIdTokens(RADICES, 3);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Params params = new Params(tf, 5, false);
      Operand<TInt32> input = tf.constant(new int[][] {
          {0, 0, 0, tokens.code(0, 1), tokens.code(1, 2), tokens.code(2, 0), tokens.user(2)},
          {tokens.code(0, 4), tokens.code(1, 0), tokens.code(2, 2), tokens.code(0, 3), tokens.code(1, 3),
              tokens.code(2, 1), tokens.unknownUser()}});
      Operand<TFloat32> fast = new TigerNetwork(params, config, tokens, 2).encode(input);
      TigerNetwork reference = new TigerNetwork(params.inferenceView(), config, tokens, 2);
      reference.referenceEncoder = true;
      Operand<TFloat32> expected = reference.encode(input);
      try (Session s = new Session(g); Result r = s.runner().fetch(fast).fetch(expected).run()) {
        TFloat32 a = (TFloat32) r.get(0);
        TFloat32 b = (TFloat32) r.get(1);
        for (int user = 0; user < 2; user++) {
          // Padding columns (user 0's first three) are masked out downstream; real ones must agree.
          for (int column = user == 0 ? 3 : 0; column < 7; column++) {
            for (int j = 0; j < 16; j++) {
              assertEquals(b.getFloat(user, column, j), a.getFloat(user, column, j), 1e-4, user + "/" + column + "/" + j);
            }
          }
        }
      }
    }
  }

  /** log_softmax over {@code level}'s columns of full[user, position] equals step[user, beam, :]. */
  private static void assertLogSoftmax(TFloat32 full, int user, int position, int level, TFloat32 step, int beam,
      SemanticIdTokens tokens, String what) {
    int radix = tokens.radix(level);
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < radix; c++) max = Math.max(max, full.getFloat(user, position, tokens.column(level, c)));
    double sum = 0;
    for (int c = 0; c < radix; c++) sum += Math.exp(full.getFloat(user, position, tokens.column(level, c)) - max);
    for (int c = 0; c < radix; c++) {
      double expected = full.getFloat(user, position, tokens.column(level, c)) - max - Math.log(sum);
      assertEquals(expected, step.getFloat(user, beam, c), 1e-4, what + " code " + c);
    }
  }
}
