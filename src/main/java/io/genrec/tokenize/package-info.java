/**
 * Content → semantic IDs.
 *
 * <p>A {@link io.genrec.tokenize.Tokenizer} ({@link io.genrec.tokenize.ResidualKMeans RQ-KMeans},
 * {@link io.genrec.tokenize.ProductQuantizer PQ}, {@link io.genrec.tokenize.OptimizedProductQuantizer
 * OPQ}, chosen by name through {@link io.genrec.tokenize.Tokenizers}) codes an item table whose row
 * {@code i} is the item with dense index {@code i} (row 0 padding). {@link
 * io.genrec.tokenize.CollisionResolver} appends the level that makes every ID unique, {@link
 * io.genrec.tokenize.SemanticIdTrie} indexes the valid prefixes for constrained decoding, and
 * {@link io.genrec.tokenize.SemanticIdFile} reads and writes item → ID maps (ours, TIGER's,
 * LETTER's). {@link io.genrec.tokenize.Tokenization#run} strings these together for {@code genrec
 * tokenize}.
 *
 * <p>Fits are reproducible: every random choice comes from the seed, and multi-threaded loops
 * write disjoint rows.
 */
package io.genrec.tokenize;
