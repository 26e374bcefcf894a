package io.genrec.experiment;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The identity of a resolved config: SHA-256 over a canonical JSON form (keys sorted at every
 * level, {@code sweep} dropped, numbers written one way). Two configs that mean the same run get
 * the same digest however their files were written ({@code 1e-3} or {@code 0.001}, keys in any
 * order), so a re-run finds its earlier directory.
 */
public final class ConfigDigest {
  private ConfigDigest() {}

  /** Hex SHA-256 of {@link #canonical}. */
  public static String sha256(JsonObject resolved) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256")
          .digest(canonical(resolved).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime must provide SHA-256", e);
    }
  }

  /** The first 6 hex digits: the suffix of a run directory's name. */
  public static String hash6(JsonObject resolved) {
    return sha256(resolved).substring(0, 6);
  }

  /** Compact JSON with sorted keys, without the top-level {@code sweep}, numbers canonical. */
  public static String canonical(JsonObject resolved) {
    JsonObject copy = resolved.deepCopy();
    copy.remove("sweep");
    StringBuilder out = new StringBuilder();
    write(copy, out);
    return out.toString();
  }

  private static void write(JsonElement e, StringBuilder out) {
    if (e == null || e.isJsonNull()) {
      out.append("null");
    } else if (e.isJsonObject()) {
      List<String> keys = new ArrayList<>(e.getAsJsonObject().keySet());
      keys.sort(null);
      out.append('{');
      for (int i = 0; i < keys.size(); i++) {
        if (i > 0) out.append(',');
        out.append(new JsonPrimitive(keys.get(i))).append(':');
        write(e.getAsJsonObject().get(keys.get(i)), out);
      }
      out.append('}');
    } else if (e.isJsonArray()) {
      JsonArray a = e.getAsJsonArray();
      out.append('[');
      for (int i = 0; i < a.size(); i++) {
        if (i > 0) out.append(',');
        write(a.get(i), out);
      }
      out.append(']');
    } else if (e.getAsJsonPrimitive().isNumber()) {
      out.append(number(e.getAsJsonPrimitive()));
    } else {
      out.append(e);
    }
  }

  /** 1e-3, 0.001 and 0.0010 are one value; 42 and 42.0 too. */
  static String number(JsonPrimitive p) {
    String text = p.getAsNumber().toString();
    try {
      BigDecimal d = new BigDecimal(text).stripTrailingZeros();
      return d.signum() == 0 ? "0" : d.toPlainString();
    } catch (NumberFormatException notDecimal) {
      // NaN and Infinity have no decimal form; validation rejects them in configs anyway.
      return text;
    }
  }
}
