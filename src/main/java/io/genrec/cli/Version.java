package io.genrec.cli;

/** Versions recorded in provenance and printed by --version. */
public final class Version {
  private Version() {}

  public static String genrec() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v != null ? v : "dev";
  }
}
