package io.genrec.nn;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * One trainable parameter.
 *
 * <p>{@code value} is the single identity read of {@code variable} that every block consumes. Gradients
 * are taken with respect to it, never the raw variable: ops applied straight to a VariableV2 ref can
 * crash the JVM during {@code addGradients} (tensorflow-java notes, gotcha 1), and a second read made
 * after the model would be unreachable from the loss.
 *
 * <p>In a frozen build ({@link Params#frozen}) there is no variable: {@code variable} is null and
 * {@code value} is a constant.
 *
 * @param name full graph name, e.g. {@code encoder/block_0/self_attention/query/kernel}
 * @param decay whether decoupled weight decay applies (false for biases, norm gains, chosen embeddings)
 * @param group the parameter group the model put it in ({@link Params#group}), {@link Params#DEFAULT_GROUP}
 *     unless it chose one; the training config can give a group its own learning rate, clipping or freeze it
 */
public record Param(String name, Variable<TFloat32> variable, Operand<TFloat32> value, Shape shape, boolean decay,
    String group) {
}
