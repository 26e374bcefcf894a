package io.genrec.tokenize;

/** Copies of code tables, so callers cannot change a tokenizer's state through what it returns. */
final class Codes {
  private Codes() {}

  static int[][] copy(int[][] codes) {
    int[][] out = new int[codes.length][];
    for (int i = 0; i < codes.length; i++) out[i] = codes[i].clone();
    return out;
  }
}
