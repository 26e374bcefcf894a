/**
 * Item content → embedding tables ({@code [numItems + 1, dim]}, row 0 zero padding).
 *
 * <p>{@link io.genrec.embed.ItemEmbedder#run} renders item metadata with an {@link
 * io.genrec.embed.ItemTextTemplate} and encodes it with a {@link io.genrec.embed.TextEncoder} (by
 * default the in-process, offline {@link io.genrec.embed.OnnxTextEncoder} over all-MiniLM-L6-v2; bge-small-en-v1.5 and e5-small-v2 by name) for {@code genrec
 * embed}. {@link io.genrec.embed.EmbeddingFile} checks user-supplied tables; {@link
 * io.genrec.embed.EmbeddingFusion} combines several before tokenization.
 */
package io.genrec.embed;
