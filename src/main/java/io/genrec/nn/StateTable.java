package io.genrec.nn;

import org.tensorflow.Operand;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.family.TType;

/**
 * A non-trainable variable holding data the graph looks up (e.g. semantic-ID tables a model refreshes
 * during training), made by {@link Params#table}. Like {@link Param}, blocks read {@code value}, one
 * identity read of the variable.
 *
 * <p>In a frozen build ({@link Params#frozen}) there is no variable: {@code variable} is null and
 * {@code value} is a constant holding what the variable held when the weights were read.
 *
 * @param name full graph name, e.g. {@code tiger/semantic_ids/keys_0}
 */
public record StateTable<T extends TType>(String name, Variable<T> variable, Operand<T> value) {
}
