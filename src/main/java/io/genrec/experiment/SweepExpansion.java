package io.genrec.experiment;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.genrec.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The grid of a config's {@code sweep} section: {@code {"train.lr": [1e-3, 3e-4], "seed": [1, 2]}}
 * is the Cartesian product of the lists. The order is fixed by the file, keys in file order with
 * the last key varying fastest, values in list order, so shards computed on two machines agree.
 */
public final class SweepExpansion {
  private SweepExpansion() {}

  /**
   * The points of {@code sweep}; each point is an object of key path → value, keys in file order.
   * A missing or empty sweep is one empty point (the config as written).
   */
  public static List<JsonObject> points(JsonObject sweep) {
    List<JsonObject> points = new ArrayList<>();
    points.add(new JsonObject());
    if (sweep == null) return points;
    for (Map.Entry<String, JsonElement> axis : sweep.entrySet()) {
      JsonElement values = axis.getValue();
      if (!values.isJsonArray() || values.getAsJsonArray().isEmpty()) {
        throw new ConfigException("sweep." + axis.getKey() + ": expected a non-empty list of values, got " + values);
      }
      JsonArray list = values.getAsJsonArray();
      List<JsonObject> next = new ArrayList<>(points.size() * list.size());
      for (JsonObject point : points) {
        for (JsonElement v : list) {
          JsonObject p = point.deepCopy();
          p.add(axis.getKey(), v.deepCopy());
          next.add(p);
        }
      }
      points = next;
    }
    return points;
  }
}
