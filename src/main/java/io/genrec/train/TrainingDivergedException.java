package io.genrec.train;

/** The loss became NaN or infinite; the message names the epoch, step and batch. */
public class TrainingDivergedException extends RuntimeException {
  public TrainingDivergedException(String message) {
    super(message);
  }
}
