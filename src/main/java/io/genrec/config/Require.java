package io.genrec.config;

import java.util.Collection;
import java.util.List;

/** Range checks for config records; each failure names the full key path and the allowed range. */
public final class Require {
  private Require() {}

  public static void positive(String key, double value) {
    if (!(value > 0)) throw new ConfigException(key + " = " + fmt(value) + ": must be > 0");
  }

  public static void nonNegative(String key, double value) {
    if (!(value >= 0)) throw new ConfigException(key + " = " + fmt(value) + ": must be >= 0");
  }

  public static void inRange(String key, double value, double lo, double hi) {
    if (!(value >= lo && value <= hi)) {
      throw new ConfigException(
          key + " = " + fmt(value) + ": must be in [" + fmt(lo) + ", " + fmt(hi) + "]");
    }
  }

  /** lo inclusive, hi exclusive: the usual shape of probabilities such as dropout. */
  public static void inHalfOpen(String key, double value, double lo, double hi) {
    if (!(value >= lo && value < hi)) {
      throw new ConfigException(
          key + " = " + fmt(value) + ": must be in [" + fmt(lo) + ", " + fmt(hi) + ")");
    }
  }

  public static void notBlank(String key, String value) {
    if (value == null || value.isBlank()) {
      throw new ConfigException(key + ": is required (a non-empty string)");
    }
  }

  public static void notEmpty(String key, Collection<?> value) {
    if (value == null || value.isEmpty()) {
      throw new ConfigException(key + ": must be a non-empty list");
    }
  }

  public static void allPositive(String key, List<Integer> values) {
    notEmpty(key, values);
    for (int i = 0; i < values.size(); i++) {
      Integer v = values.get(i);
      if (v == null || v <= 0) {
        throw new ConfigException(key + "[" + i + "] = " + v + ": must be a positive integer");
      }
    }
  }

  public static void divisible(String key, int value, String byKey, int by) {
    if (by <= 0 || value % by != 0) {
      throw new ConfigException(key + " = " + value + ": must be divisible by " + byKey + " = " + by);
    }
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
