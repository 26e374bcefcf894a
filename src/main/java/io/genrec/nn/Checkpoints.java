package io.genrec.nn;

import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;

/**
 * Restoring weights into a session, with TensorFlow's failure translated at the one place that knows
 * which checkpoint was being read: "Read less bytes than requested" or a checksum or shape mismatch
 * means the checkpoint is damaged or belongs to another model or dataset, and the user needs its
 * path and what to do.
 */
public final class Checkpoints {
  private Checkpoints() {}

  /** A checkpoint that cannot be restored into the graph that asks for it. */
  public static final class RestoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RestoreException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** {@code session.restore(prefix)}; a TensorFlow failure becomes one {@link RestoreException} naming the checkpoint. */
  public static void restore(Session session, String prefix) {
    try {
      session.restore(prefix);
    } catch (TensorFlowException | IllegalArgumentException e) {
      // TF Java throws some statuses (InvalidArgument: a shape mismatch) as IllegalArgumentException subclasses.
      if (!(e instanceof TensorFlowException) && !e.getClass().getName().startsWith("org.tensorflow")) throw e;
      String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse("").trim();
      boolean shape = reason.toLowerCase(java.util.Locale.ROOT).contains("shape");
      throw new RestoreException(prefix + ": cannot restore this checkpoint (TensorFlow: " + reason + "); "
          + (shape ? "its variables have other shapes than this config builds: the data or the model's sizes"
              + " changed since it was written"
              : "it is damaged (truncated or changed on disk)")
          + ". Start the run over in a new run directory, or move its checkpoints/ aside", e);
    }
  }
}
