/**
 * Content → semantic IDs.
 *
 * <p>A {@link io.genrec.tokenize.Tokenizer} ({@link io.genrec.tokenize.RqVae RQ-VAE}, {@link
 * io.genrec.tokenize.ResidualKMeans RQ-KMeans}, {@link io.genrec.tokenize.ProductQuantizer PQ}, {@link
 * io.genrec.tokenize.OptimizedProductQuantizer OPQ}, chosen by name through {@link
 * io.genrec.tokenize.Tokenizers}) codes an item table whose row
 * {@code i} is the item with dense index {@code i} (row 0 padding). {@link
 * io.genrec.tokenize.CollisionResolver} appends the level that makes every ID unique, {@link
 * io.genrec.tokenize.SemanticIdTrie} indexes the valid prefixes for constrained decoding, and
 * {@link io.genrec.tokenize.SemanticIdFile} reads and writes item → ID maps (ours, TIGER's,
 * LETTER's). {@link io.genrec.tokenize.Tokenization#run} strings these together for {@code genrec
 * tokenize}, whose config is a {@link io.genrec.tokenize.TokenizeConfig} and whose input tables
 * {@link io.genrec.tokenize.ItemEmbeddings} checks and fuses.
 *
 * <p>The k-means family's fits are reproducible: every random choice comes from the seed, and
 * multi-threaded loops write disjoint rows. RQ-VAE draws everything from the seed too, but
 * TensorFlow's multi-threaded kernels may sum in another order from run to run; with one
 * intra-op thread ({@code train.intra_op_threads: 1}) it repeats exactly.
 */
package io.genrec.tokenize;
