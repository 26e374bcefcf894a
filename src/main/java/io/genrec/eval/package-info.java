/**
 * Offline evaluation of full-catalog rankings, LensKit-style: metrics are stateless definitions
 * ({@link io.genrec.eval.MetricKind}, {@link io.genrec.eval.GiniCoefficient}), each evaluation
 * condition gets one {@link io.genrec.eval.RankingAccumulator}, per-user rows are kept
 * ({@link io.genrec.eval.PerUserTable}) and aggregates are computed from them, so paired
 * significance tests can be run later from {@code per_user.csv}.
 *
 * <p>Conventions shared by every class here: items are dense ids {@code 1..numItems}; id 0 is
 * padding and is never a valid recommendation; a ranking is best first and never repeats an item;
 * relevance is binary (an item is either in the user's held-out set or not).
 */
package io.genrec.eval;
