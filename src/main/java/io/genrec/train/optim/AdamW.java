package io.genrec.train.optim;

import io.genrec.nn.Param;
import io.genrec.nn.Params;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter), in PyTorch's order: first
 * {@code w ← w·(1 − lr·λ)}, then the Adam step. Parameters created with {@code decay = false}
 * (biases, norm gains, chosen embeddings) are never decayed.
 */
public final class AdamW extends Adam {

  private final float weightDecay;

  private AdamW(Params params, AdamConfig config, float weightDecay, ParamGroups groups) {
    super(params, config, groups);
    this.weightDecay = weightDecay;
  }

  public static AdamW attach(Params params, AdamConfig config, float weightDecay) {
    return attach(params, config, weightDecay, ParamGroups.none());
  }

  /**
   * As {@link #attach(Params, AdamConfig, float)} with parameter groups; the decay uses the group's
   * learning rate (as PyTorch's per-group lr does), and frozen groups are not decayed.
   */
  public static AdamW attach(Params params, AdamConfig config, float weightDecay, ParamGroups groups) {
    AdamW adamW = new AdamW(params, config, weightDecay, groups);
    adamW.attach();
    return adamW;
  }

  public float weightDecay() {
    return weightDecay;
  }

  @Override
  protected Op update(Ops tf, Param param, Operand<TFloat32> gradient, Operand<TFloat32> learningRate) {
    if (!param.decay() || weightDecay == 0f) {
      return super.update(tf, param, gradient, learningRate);
    }
    // w -= (lr·λ)·w, in place; the Adam step must see the decayed weight, hence the dependency.
    Op decay = tf.train.applyGradientDescent(param.variable(),
        tf.math.mul(learningRate, tf.constant(weightDecay)), tf.identity(param.variable()));
    return super.update(tf.withControlDependencies(List.of(decay)), param, gradient, learningRate);
  }
}
