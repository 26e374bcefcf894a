package io.genrec.experiment;

/** Versions recorded in provenance and printed by --version. */
public final class Version {
  private Version() {}

  public static String genrec() {
    String v = Version.class.getPackage().getImplementationVersion();
    return v != null ? v : "dev";
  }
}
