package io.genrec.model.diger;

import io.genrec.nn.Params;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** The assignment modes' noise ({@code ../shared/notes/diger.md} §5-7), one {@link DigerTokenizer.Noise} each. */
final class DigerNoise {
  private DigerNoise() {}

  /** ste: always the noise-free code, gradient through softmax(ℓ/τ). */
  static DigerTokenizer.Noise none(float tau) {
    return new DigerTokenizer.Noise() {
      @Override
      public CodeAssignment.Choice choose(Ops tf, int level, Operand<TFloat32> logits, Operand<TInt32> det) {
        return CodeAssignment.deterministic(tf, logits, det, tau);
      }

      @Override
      public Operand<TFloat32> share(Ops tf) {
        return tf.constant(0f);
      }
    };
  }

  /** gumbel (DRIL): Gumbel noise at scale 1 on every row and level. */
  static DigerTokenizer.Noise gumbel(Params params, float tau) {
    return new DigerTokenizer.Noise() {
      @Override
      public CodeAssignment.Choice choose(Ops tf, int level, Operand<TFloat32> logits, Operand<TInt32> det) {
        Operand<TFloat32> g = CodeAssignment.gumbel(tf, logits, params.drawSeed());
        return CodeAssignment.noisy(tf, logits, g, tf.constant(1f), tau);
      }

      @Override
      public Operand<TFloat32> share(Ops tf) {
        return tf.constant(1f);
      }
    };
  }

  /**
   * FrqUD: rows whose level-0 nearest code is used more than {@code hotRatio}/K (by the usage
   * averages before this step) take Gumbel noise at every level, the others the noise-free code.
   *
   * @param hot bool [n]: the rows that take noise
   */
  static DigerTokenizer.Noise frequency(Params params, float tau, Operand<TBool> hot) {
    return new DigerTokenizer.Noise() {
      @Override
      public CodeAssignment.Choice choose(Ops tf, int level, Operand<TFloat32> logits, Operand<TInt32> det) {
        Operand<TFloat32> g = CodeAssignment.gumbel(tf, logits, params.drawSeed());
        // Noise on hot rows only: a cold row's perturbed logits are its logits exactly (0·g is 0, g is
        // finite), so one softmax gives both kinds of row their weights.
        Operand<TFloat32> scale = tf.expandDims(tf.dtypes.cast(hot, TFloat32.class), tf.constant(1));
        CodeAssignment.Choice noisy = CodeAssignment.noisy(tf, logits, g, scale, tau);
        return new CodeAssignment.Choice(tf.select(hot, noisy.code(), det), noisy.soft());
      }

      @Override
      public Operand<TFloat32> share(Ops tf) {
        return tf.math.mean(tf.dtypes.cast(hot, TFloat32.class), tf.constant(0));
      }
    };
  }

  /** Whether each row's level-0 code {@code codes} [n] is hot under {@code usage} [K]. */
  static Operand<TBool> hot(Ops tf, Operand<TInt32> codes, Operand<TFloat32> usage, double hotRatio, int k) {
    return tf.math.greater(tf.gather(usage, codes, tf.constant(0)), tf.constant((float) (hotRatio / k)));
  }

  /**
   * SDUD: Gumbel noise scaled by {@link #noiseScale} of the level's σ.
   *
   * @param sigma float32 [levels]
   */
  static DigerTokenizer.Noise learned(Params params, float tau, Operand<TFloat32> sigma) {
    return new DigerTokenizer.Noise() {
      @Override
      public CodeAssignment.Choice choose(Ops tf, int level, Operand<TFloat32> logits, Operand<TInt32> det) {
        Operand<TFloat32> g = CodeAssignment.gumbel(tf, logits, params.drawSeed());
        Operand<TFloat32> s = noiseScale(tf, tf.gather(sigma, tf.constant(level), tf.constant(0)));
        return CodeAssignment.noisy(tf, logits, g, s, tau);
      }

      @Override
      public Operand<TFloat32> share(Ops tf) {
        return tf.constant(1f);
      }
    };
  }

  /** |σ| clamped to [1e-5, 100] (positive and finite whatever σ does), and no noise at all below 1e-4. */
  static Operand<TFloat32> noiseScale(Ops tf, Operand<TFloat32> sigma) {
    Operand<TFloat32> s = tf.clipByValue(tf.math.abs(sigma), tf.constant(1e-5f), tf.constant(100f));
    return tf.math.mul(s, tf.dtypes.cast(tf.math.greaterEqual(s, tf.constant(1e-4f)), TFloat32.class));
  }

  /**
   * SDUD's recommendation loss: CE / (2(σ̄+λ)²) + log(σ̄+λ) with σ̄ the mean |σ| and σ̄+λ kept ≥ 1e-6;
   * its minimum over σ is at (σ̄+λ)² = CE, i.e. σ̄ = √CE − λ.
   */
  static Operand<TFloat32> uncertaintyLoss(Ops tf, Operand<TFloat32> ce, Operand<TFloat32> sigma, double lambda) {
    Operand<TFloat32> mean = tf.math.mean(tf.math.abs(sigma), tf.constant(0));
    Operand<TFloat32> s = tf.math.maximum(tf.math.add(mean, tf.constant((float) lambda)), tf.constant(1e-6f));
    return tf.math.add(tf.math.div(ce, tf.math.mul(tf.constant(2f), tf.math.square(s))), tf.math.log(s));
  }
}
