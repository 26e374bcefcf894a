package io.genrec.nn;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.nn.SparseSoftmaxCrossEntropyWithLogits;
import org.tensorflow.types.family.TNumber;

/**
 * The gradient TF's C++ registry lacks for SparseSoftmaxCrossEntropyWithLogits: the op already
 * computes {@code softmax - onehot} as its second output, so the gradient is that scaled by the
 * incoming loss gradient (labels get zeros: every input needs an entry). The fused op is ~15% faster
 * than logSoftmax + gather on a SASRec full-softmax step (notes §10).
 *
 * <p>Registered once per JVM by this class's initialiser, which the JVM runs exactly once even under
 * concurrent first use. The body must not call {@code Output.shape()}: that deadlocks inside
 * {@code addGradients} (notes §2).
 */
final class SparseSoftmaxGradient {

  /** False when some other code registered a gradient for the op first; that one is then used. */
  static final boolean REGISTERED_HERE = register();

  private SparseSoftmaxGradient() {
  }

  /** Forces registration (the first call initialises this class); true when this class registered it. */
  static boolean ensureRegistered() {
    return REGISTERED_HERE;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static boolean register() {
    return TensorFlow.registerCustomGradient(SparseSoftmaxCrossEntropyWithLogits.Inputs.class,
        (tf, inputs, gradients) -> {
          SparseSoftmaxCrossEntropyWithLogits<TNumber> op =
              (SparseSoftmaxCrossEntropyWithLogits<TNumber>) inputs.getOutputs();
          Operand<TNumber> lossGradient = (Operand<TNumber>) gradients.get(0);
          Operand<?> logitsGradient = tf.math.mul(tf.expandDims(lossGradient, tf.constant(-1)), op.backprop());
          return List.of(logitsGradient, tf.zerosLike((Operand) inputs.labels));
        });
  }
}
