package io.genrec.experiment;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.genrec.data.fetch.BundledLayout;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The identity of a resolved config: SHA-256 over a canonical JSON form (keys sorted at every
 * level, {@code sweep} dropped, numbers written one way). Two configs that mean the same run get
 * the same digest however their files were written ({@code 1e-3} or {@code 0.001}, keys in any
 * order), so a re-run finds its earlier directory. A named dataset ({@code data.dataset}) counts as
 * the ../shared/data paths it reads ({@link BundledLayout}): where a machine keeps it does not change
 * the digest, and a config converted from paths to names keeps its run directory.
 */
public final class ConfigDigest {
  /**
   * Keys added after run directories existed, with their defaults. At its default such a key
   * leaves the digest as it was before the key existed, so an old run directory keeps its name
   * (and resumes) although every resolved config now spells the key out. A new key whose default
   * keeps the old behaviour belongs here.
   */
  private static final Map<String, JsonElement> ADDED_LATER = Map.of(
      "data.sources", new JsonArray(),
      "eval.validate", new JsonPrimitive(true),
      "eval.early_stop_source", new JsonPrimitive(""),
      "model.reassign_epochs", new JsonPrimitive(5),
      "model.sinkhorn_temperature", new JsonPrimitive(0.7),
      "model.sinkhorn_iterations", new JsonPrimitive(3),
      "model.codes.train_file", new JsonPrimitive(""));

  /**
   * As {@link #ADDED_LATER}, for keys one model gained later under a name another model already
   * had with meaning (TIGER's {@code bucket_by_length} predates SASRec's), keyed by model name.
   */
  private static final Map<String, Map<String, JsonElement>> ADDED_LATER_BY_MODEL = Map.of(
      "sasrec", Map.of("model.bucket_by_length", new JsonPrimitive(false)));

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
    // Where a named dataset was found is no part of what the run is; its bundled-layout paths are.
    if (copy.get("data") instanceof JsonObject data) BundledLayout.standard().rewrite(data);
    ADDED_LATER.forEach((path, unchanged) -> dropIfEqual(copy, path, unchanged));
    if (copy.get("model") instanceof JsonObject model && model.get("name") instanceof JsonPrimitive name) {
      ADDED_LATER_BY_MODEL.getOrDefault(name.getAsString(), Map.of())
          .forEach((path, unchanged) -> dropIfEqual(copy, path, unchanged));
    }
    StringBuilder out = new StringBuilder();
    write(copy, out);
    return out.toString();
  }

  private static void dropIfEqual(JsonObject root, String path, JsonElement unchanged) {
    String[] parts = path.split("\\.");
    JsonObject node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonElement child = node.get(parts[i]);
      if (child == null || !child.isJsonObject()) return;
      node = child.getAsJsonObject();
    }
    String last = parts[parts.length - 1];
    if (unchanged.equals(node.get(last))) node.remove(last);
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
