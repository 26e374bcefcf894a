package io.genrec.nn;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Position-wise feed-forward: {@code output(dropout(activation(hidden(x))))}.
 * Variables: {@code name/hidden} [modelDim, hiddenDim] and {@code name/output} [hiddenDim, modelDim].
 */
public record FeedForward(int modelDim, int hiddenDim, Activation activation, float dropout) {

  public static FeedForward of(int modelDim, int hiddenDim, Activation activation) {
    return new FeedForward(modelDim, hiddenDim, activation, 0f);
  }

  /** Dropout between the two layers (training builds only). */
  public FeedForward withDropout(float rate) {
    return new FeedForward(modelDim, hiddenDim, activation, rate);
  }

  public Operand<TFloat32> apply(Params params, String name, Operand<TFloat32> x) {
    Operand<TFloat32> hidden = Dense.of(modelDim, hiddenDim).withActivation(activation)
        .apply(params, name + "/hidden", x);
    return Dense.of(hiddenDim, modelDim).apply(params, name + "/output", Dropout.apply(params, hidden, dropout));
  }
}
