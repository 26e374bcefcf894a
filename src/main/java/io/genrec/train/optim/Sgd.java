package io.genrec.train.optim;

import io.genrec.nn.Param;
import io.genrec.nn.Params;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Plain gradient descent {@code w ← w − lr·g}: no slots. Mostly for tests. */
public final class Sgd extends Optimizer {

  private Sgd(Params params, float clipNorm, ParamGroups groups) {
    super(params, clipNorm, groups);
  }

  public static Sgd attach(Params params, float clipNorm) {
    return attach(params, clipNorm, ParamGroups.none());
  }

  public static Sgd attach(Params params, float clipNorm, ParamGroups groups) {
    Sgd sgd = new Sgd(params, clipNorm, groups);
    sgd.attach();
    return sgd;
  }

  @Override
  protected void createSlots(Param param) {
  }

  @Override
  protected Op update(Ops tf, Param param, Operand<TFloat32> gradient, Operand<TFloat32> learningRate) {
    return tf.train.applyGradientDescent(param.variable(), learningRate, gradient);
  }
}
