package io.genrec.data;

/** Divides loaded interactions into training sequences and validation/test cases. */
public interface Split {
  SplitDataset split(SequenceDataset data);
}
