package io.genrec.eval;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The inference end of a model's graph: feed dense histories, get each user's top-K items.
 *
 * @param history int32 [batch, maxLength] dense item ids, most recent last, left-padded with 0
 * @param exclude int32 [batch, any] dense ids never to return (0 entries are ignored)
 * @param k int32 scalar: how many items to return
 * @param ids int32 [batch, k] dense item ids, best first
 * @param scores float32 [batch, k] the model's scores of those items
 */
public record RankingHead(
    Operand<TInt32> history,
    Operand<TInt32> exclude,
    Operand<TInt32> k,
    Operand<TInt32> ids,
    Operand<TFloat32> scores) {}
