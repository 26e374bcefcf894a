package io.genrec.serve.http;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.genrec.serve.ServingSignature;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a {@code :predict} body in either of TF Serving's formats and checks it against the
 * signature and the limits, so a bad request gets one 400 that says where and what.
 *
 * <ul>
 *   <li>row: {@code {"signature_name": "...", "instances": [{"history": [ids], "k": 10}, ...]}}; an
 *       instance may also be just the history list
 *   <li>columnar: {@code {"inputs": {"history": [[ids], ...], "k": 10}}}; histories may differ in
 *       length (0 is padding either way), and {@code "inputs": [[ids], ...]} is the history alone
 * </ul>
 * Keys TF Serving ignores at the top level are ignored here too.
 */
final class PredictRequestReader {
  private PredictRequestReader() {}

  static PredictRequest read(String body, Map<String, ServedSignature> signatures, RequestLimits limits) {
    return read(body, signatures, limits, Integer.MAX_VALUE);
  }

  /** @param modelMaxK the most items the model returns per user (TIGER's beam); a larger k is a 400 */
  static PredictRequest read(String body, Map<String, ServedSignature> signatures, RequestLimits limits,
      int modelMaxK) {
    JsonElement root;
    try {
      root = JsonParser.parseString(body);
    } catch (JsonParseException e) {
      throw HttpError.badRequest("the body is not valid JSON: "
          + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
    }
    if (!root.isJsonObject()) {
      throw HttpError.badRequest("the body must be a JSON object with \"instances\" (row format) or \"inputs\""
          + " (columnar format)");
    }
    JsonObject o = root.getAsJsonObject();
    String name = ServingSignature.KEY;
    JsonElement given = o.get("signature_name");
    if (given != null && !given.isJsonNull()) {
      if (!given.isJsonPrimitive() || !given.getAsJsonPrimitive().isString()) {
        throw HttpError.badRequest("signature_name: expected a string, got " + shown(given));
      }
      name = given.getAsString();
    }
    ServedSignature sig = signatures.get(name);
    if (sig == null) {
      throw HttpError.badRequest("signature_name \"" + name + "\": no such signature (this model has "
          + signatures.keySet() + ")");
    }
    if (sig.problem() != null) {
      throw HttpError.badRequest("signature \"" + name + "\" cannot serve predict: " + sig.problem());
    }
    boolean rows = o.has("instances");
    boolean columns = o.has("inputs");
    if (rows && columns) throw HttpError.badRequest("give one of \"instances\" and \"inputs\", not both");
    if (!rows && !columns) {
      throw HttpError.badRequest("missing \"instances\" (row format) or \"inputs\" (columnar format)");
    }
    return rows ? instances(o.get("instances"), sig, signatures, limits, modelMaxK)
        : inputs(o.get("inputs"), sig, signatures, limits, modelMaxK);
  }

  private static PredictRequest instances(JsonElement e, ServedSignature sig, Map<String, ServedSignature> all,
      RequestLimits limits, int modelMaxK) {
    if (!e.isJsonArray()) throw HttpError.badRequest("instances: expected a list with one entry per user");
    JsonArray list = e.getAsJsonArray();
    int n = batch("instances", list.size(), limits);
    long[][] histories = new long[n][];
    String[][] texts = sig.stringIds() ? new String[n][] : null;
    int[] ks = new int[n];
    Map<String, long[]> rowInputs = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      String at = "instances[" + i + "]";
      JsonElement instance = list.get(i);
      if (instance.isJsonArray()) {
        read(instance, at, limits, histories, texts, i);
      } else if (instance.isJsonObject()) {
        for (Map.Entry<String, JsonElement> field : instance.getAsJsonObject().entrySet()) {
          String key = field.getKey();
          String where = at + "." + key;
          if (key.equals(ServingSignature.HISTORY)) {
            read(field.getValue(), where, limits, histories, texts, i);
          } else if (key.equals(ServingSignature.K) && sig.hasK()) {
            ks[i] = k(field.getValue(), where, limits, modelMaxK);
          } else if (sig.rowInputs().contains(key)) {
            rowInputs.computeIfAbsent(key, x -> unknowns(n))[i] = integer(field.getValue(), where);
          } else {
            throw notAnInput(where, key, sig, all);
          }
        }
        if (histories[i] == null && (texts == null || texts[i] == null)) throw HttpError.badRequest(at + ": missing \"history\" (a list of item ids)");
      } else {
        throw HttpError.badRequest(at + ": expected {\"history\": [item ids], \"k\": 10} or a list of item ids, got "
            + shown(instance));
      }
      if (ks[i] == 0) requireDefaultK(sig, at);
    }
    return request(sig, PredictRequest.Format.ROW, histories, ks, rowInputs, texts);
  }

  private static PredictRequest inputs(JsonElement e, ServedSignature sig, Map<String, ServedSignature> all,
      RequestLimits limits, int modelMaxK) {
    JsonObject in;
    if (e.isJsonArray()) {
      in = new JsonObject();
      in.add(ServingSignature.HISTORY, e);
    } else if (e.isJsonObject()) {
      in = e.getAsJsonObject();
    } else {
      throw HttpError.badRequest("inputs: expected {\"history\": [[item ids], ...], \"k\": 10}, got " + shown(e));
    }
    JsonElement h = in.get(ServingSignature.HISTORY);
    if (h == null) throw HttpError.badRequest("inputs: missing \"history\" (int64 [batch, length])");
    if (!h.isJsonArray()) throw HttpError.badRequest("inputs.history: expected a list with one history per user");
    JsonArray list = h.getAsJsonArray();
    int n = batch("inputs.history", list.size(), limits);
    long[][] histories = new long[n][];
    String[][] texts = sig.stringIds() ? new String[n][] : null;
    for (int i = 0; i < n; i++) {
      String where = "inputs.history[" + i + "]";
      if (!list.get(i).isJsonArray()) {
        throw HttpError.badRequest(where + ": expected a list of item ids (inputs.history is [batch, length]), got "
            + shown(list.get(i)));
      }
      read(list.get(i), where, limits, histories, texts, i);
    }
    int k = 0;
    Map<String, long[]> rowInputs = new TreeMap<>();
    for (Map.Entry<String, JsonElement> field : in.entrySet()) {
      String key = field.getKey();
      String where = "inputs." + key;
      if (key.equals(ServingSignature.HISTORY)) continue;
      if (key.equals(ServingSignature.K) && sig.hasK()) {
        k = k(field.getValue(), where, limits, modelMaxK);
      } else if (sig.rowInputs().contains(key)) {
        rowInputs.put(key, column(field.getValue(), where, n));
      } else {
        throw notAnInput(where, key, sig, all);
      }
    }
    if (k == 0) requireDefaultK(sig, "inputs");
    int[] ks = new int[n];
    Arrays.fill(ks, k);
    return request(sig, PredictRequest.Format.COLUMNAR, histories, ks, rowInputs, texts);
  }

  private static PredictRequest request(ServedSignature sig, PredictRequest.Format format, long[][] histories, int[] ks,
      Map<String, long[]> rowInputs, String[][] texts) {
    return texts == null ? new PredictRequest(sig, format, histories, ks, rowInputs)
        : new PredictRequest(sig, format, null, ks, rowInputs, texts);
  }

  /** User {@code i}'s history: int64 ids, or for a string-id signature ({@code texts} given) text ids. */
  private static void read(JsonElement e, String where, RequestLimits limits, long[][] histories, String[][] texts,
      int i) {
    if (texts == null) {
      histories[i] = history(e, where, limits);
      return;
    }
    if (!e.isJsonArray()) throw HttpError.badRequest(where + ": expected a list of item ids, got " + shown(e));
    JsonArray items = e.getAsJsonArray();
    if (items.size() > limits.maxHistory()) {
      throw HttpError.badRequest(where + ": " + items.size() + " items; at most " + limits.maxHistory()
          + " (limits.max_history)");
    }
    String[] ids = new String[items.size()];
    for (int j = 0; j < ids.length; j++) {
      JsonElement item = items.get(j);
      // A JSON number is taken as its text, so an id such as 12 may be written either way.
      if (!item.isJsonPrimitive() || item.getAsJsonPrimitive().isBoolean()) {
        throw HttpError.badRequest(where + "[" + j + "]: expected an item id (a string), got " + shown(item));
      }
      ids[j] = item.getAsString();
    }
    texts[i] = ids;
  }

  private static int batch(String where, int size, RequestLimits limits) {
    if (size == 0) throw HttpError.badRequest(where + ": empty; give at least one user");
    if (size > limits.maxInstances()) {
      throw HttpError.badRequest(where + ": " + size + " users; at most " + limits.maxInstances()
          + " per request (limits.max_instances)");
    }
    return size;
  }

  private static long[] history(JsonElement e, String where, RequestLimits limits) {
    if (!e.isJsonArray()) throw HttpError.badRequest(where + ": expected a list of item ids, got " + shown(e));
    JsonArray items = e.getAsJsonArray();
    if (items.size() > limits.maxHistory()) {
      throw HttpError.badRequest(where + ": " + items.size() + " items; at most " + limits.maxHistory()
          + " (limits.max_history)");
    }
    long[] ids = new long[items.size()];
    for (int j = 0; j < ids.length; j++) ids[j] = integer(items.get(j), where + "[" + j + "]");
    return ids;
  }

  private static int k(JsonElement e, String where, RequestLimits limits, int modelMaxK) {
    long k = integer(e, where);
    if (k < 1 || k > limits.maxK()) {
      throw HttpError.badRequest(where + " = " + k + ": must be in [1, " + limits.maxK() + "] (limits.max_k)");
    }
    if (k > modelMaxK) {
      throw HttpError.badRequest(where + " = " + k + ": this model returns at most " + modelMaxK
          + " items per user (its beam)");
    }
    return (int) k;
  }

  /** One value per user; a shorter list leaves the last users at -1 (not given). */
  private static long[] column(JsonElement e, String where, int users) {
    if (!e.isJsonArray()) throw HttpError.badRequest(where + ": expected a list with one integer per user, got "
        + shown(e));
    JsonArray values = e.getAsJsonArray();
    if (values.size() > users) {
      throw HttpError.badRequest(where + ": " + values.size() + " values for " + users + " users");
    }
    long[] out = unknowns(users);
    for (int i = 0; i < values.size(); i++) out[i] = integer(values.get(i), where + "[" + i + "]");
    return out;
  }

  private static long integer(JsonElement e, String where) {
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
      String text = e.getAsString();
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException ignored) {
        // falls through to the error below: 1.5, 1e3 and out-of-range numbers are not int64 ids
      }
    }
    throw HttpError.badRequest(where + ": expected an integer, got " + shown(e));
  }

  private static void requireDefaultK(ServedSignature sig, String where) {
    if (sig.hasK() && sig.defaultK() == 0) {
      throw HttpError.badRequest(where + ": missing \"k\" (signature \"" + sig.name() + "\" has no default)");
    }
  }

  private static HttpError notAnInput(String where, String key, ServedSignature sig, Map<String, ServedSignature> all) {
    String elsewhere = all.values().stream().filter(s -> s != sig && s.inputNames().contains(key))
        .map(ServedSignature::name).findFirst().map(s -> "; signature_name \"" + s + "\" takes it").orElse("");
    return HttpError.badRequest(where + ": not an input of signature \"" + sig.name() + "\" (its inputs: "
        + sig.inputNames() + ")" + elsewhere);
  }

  private static long[] unknowns(int n) {
    long[] values = new long[n];
    Arrays.fill(values, -1L);
    return values;
  }

  private static String shown(JsonElement e) {
    String s = e.toString();
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
