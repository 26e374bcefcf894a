package io.genrec.eval;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The inference end of a model's graph: feed dense histories, get each user's top-K items.
 *
 * @param history int32 [batch, maxLength] dense item ids, most recent last, left-padded with 0
 * @param exclude int32 [batch, any] dense ids never to return (0 entries are ignored)
 * @param k int32 scalar: how many items to return
 * @param ids int32 [batch, k] dense item ids, best first
 * @param scores float32 [batch, k] the model's scores of those items
 * @param users the user input of a model that reads who is asking (TIGER's user token); null for
 *     models that read histories only
 */
public record RankingHead(
    Operand<TInt32> history,
    Operand<TInt32> exclude,
    Operand<TInt32> k,
    Operand<TInt32> ids,
    Operand<TFloat32> scores,
    Users users) {

  /** A head that reads histories only. */
  public RankingHead(Operand<TInt32> history, Operand<TInt32> exclude, Operand<TInt32> k, Operand<TInt32> ids,
      Operand<TFloat32> scores) {
    this(history, exclude, k, ids, scores, null);
  }

  /**
   * What to feed a model that reads users, so an evaluation sees each user as training did.
   *
   * @param input int64 [batch] (or [given ≤ batch], the rest unknown): one id per history row
   * @param idOfUser the value to feed for each dense user (index = dense user id, 1-based; row 0
   *     unused), as the model's training derives it from the user's original id
   */
  public record Users(Operand<TInt64> input, long[] idOfUser) {
    /** The value for dense user {@code user}. */
    public long idOf(int user) {
      if (user < 1 || user >= idOfUser.length) {
        throw new IllegalArgumentException("no user " + user + " (users are 1.." + (idOfUser.length - 1) + ")");
      }
      return idOfUser[user];
    }
  }
}
