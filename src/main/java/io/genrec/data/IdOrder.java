package io.genrec.data;

/** How dense indices are assigned to original ids. */
public enum IdOrder {
  /** 1, 2, ... in the order ids first appear in the file(s); the S3-Rec convention. */
  FIRST_SEEN,
  /**
   * 1, 2, ... in ascending numeric order of the original ids, so that e.g. UniSRec's 0-based ids
   * land on {@code original + 1} and line up with side files indexed the same way. Fails when an
   * id is not an integer.
   */
  NUMERIC
}
