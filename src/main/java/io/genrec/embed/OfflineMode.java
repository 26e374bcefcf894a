package io.genrec.embed;

/**
 * Keeps the text encoders off the network. DJL's tokenizer library reports usage to a remote
 * address on first use unless these switches are set (measured; see shared notes/embeddings.md),
 * so they must be in place before any DJL class loads. A value the user set explicitly wins.
 */
final class OfflineMode {
  private OfflineMode() {}

  static synchronized void apply() {
    setIfAbsent("OPT_OUT_TRACKING", "true");
    setIfAbsent("ai.djl.offline", "true");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) System.setProperty(key, value);
  }
}
