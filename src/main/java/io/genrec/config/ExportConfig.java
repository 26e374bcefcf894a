package io.genrec.config;

/**
 * SavedModel export after training.
 *
 * @param enabled export at the end of a run
 * @param dir parent directory of exports; each run gets its own subdirectory
 * @param k default number of items a serving call returns when it passes no {@code k}
 */
public record ExportConfig(boolean enabled, String dir, int k) implements Section {
  public static ExportConfig defaults() {
    return new ExportConfig(true, "savedmodels", 10);
  }

  @Override
  public void validate(String p) {
    Require.notBlank(p + ".dir", dir);
    Require.positive(p + ".k", k);
  }
}
