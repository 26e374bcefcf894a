package io.genrec.train.optim;

import io.genrec.nn.Param;
import io.genrec.nn.Params;
import java.util.HashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Adam with one fused {@code ApplyAdam} kernel per parameter. Bias corrections β₁ᵗ, β₂ᵗ come from the
 * optimizer's step counter, read before this step's updates. Slots: {@code optimizer/m/<param>} and
 * {@code optimizer/v/<param>}.
 */
public class Adam extends Optimizer {

  private record Moments(Variable<TFloat32> m, Variable<TFloat32> v) {
  }

  private final AdamConfig config;
  private final Map<String, Moments> moments = new HashMap<>();
  private Operand<TFloat32> beta1;
  private Operand<TFloat32> beta2;
  private Operand<TFloat32> epsilon;
  private Operand<TFloat32> beta1Power;
  private Operand<TFloat32> beta2Power;

  protected Adam(Params params, AdamConfig config, ParamGroups groups) {
    super(params, config.clipNorm(), groups);
    this.config = config;
  }

  /** Attach before building the model so the moments sit next to each parameter. */
  public static Adam attach(Params params, AdamConfig config) {
    return attach(params, config, ParamGroups.none());
  }

  /** As {@link #attach(Params, AdamConfig)}, training each parameter group as {@code groups} says. */
  public static Adam attach(Params params, AdamConfig config, ParamGroups groups) {
    Adam adam = new Adam(params, config, groups);
    adam.attach();
    return adam;
  }

  public AdamConfig config() {
    return config;
  }

  @Override
  protected void createSlots(Param param) {
    Variable<TFloat32> m = params.state(SCOPE + "/m/" + param.name(), zeros(param));
    Variable<TFloat32> v = params.state(SCOPE + "/v/" + param.name(), zeros(param));
    moments.put(param.name(), new Moments(m, v));
  }

  /**
   * A fresh zero tensor per slot: one shared initial value could let TF's Assign hand the same buffer
   * to both moments. Fill rather than tf.zeros, which opens a sub-scope (a whole-graph rescan, see Params).
   */
  private Operand<TFloat32> zeros(Param param) {
    Ops tf = params.tf();
    return tf.fill(tf.constant(param.shape().asArray()), tf.constant(0f));
  }

  @Override
  protected void prepare(Ops tf, Operand<TFloat32> t) {
    beta1 = tf.constant(config.beta1());
    beta2 = tf.constant(config.beta2());
    epsilon = tf.constant(config.epsilon());
    beta1Power = tf.math.pow(beta1, t);
    beta2Power = tf.math.pow(beta2, t);
  }

  @Override
  protected Op update(Ops tf, Param param, Operand<TFloat32> gradient, Operand<TFloat32> learningRate) {
    Moments slots = moments.get(param.name());
    return tf.train.applyAdam(param.variable(), slots.m(), slots.v(), beta1Power, beta2Power, learningRate,
        beta1, beta2, epsilon, gradient);
  }
}
