package io.genrec.config;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.annotations.SerializedName;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads a run config: defaults in code, then the JSON file, then {@code --set} overrides. Every key
 * is checked against the typed records before anything is built, so a typo or a wrong type fails
 * at load time with the key path, not hours into training.
 */
public final class ConfigReader {
  private static final Gson GSON =
      new GsonBuilder()
          .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
          .serializeSpecialFloatingPointValues()
          .disableHtmlEscaping()
          .setPrettyPrinting()
          .create();

  /**
   * The top-level key by which a config names the configs whose finished runs it starts from; the
   * sweep planner reads it (experiment.SweepPlan), a run config never holds it.
   */
  public static final String NEEDS = "needs";

  private final ModelConfigTypes models;

  public ConfigReader(ModelConfigTypes models) {
    this.models = models;
  }

  /** The Gson every config and result file goes through (snake_case keys). */
  public static Gson gson() {
    return GSON;
  }

  /** A config as resolved: the typed record and the full JSON tree it was read from. */
  public record Resolved(RunConfig config, JsonObject json) {}

  public Resolved read(Path file, List<Overrides.Override> overrides) {
    JsonObject user = parseFile(file);
    if (user.has(NEEDS)) {
      throw new ConfigException(file + ": " + NEEDS + ": this config starts from another config's finished run;"
          + " genrec run and genrec sweep resolve it (they run the needed config first)");
    }
    Overrides.applyAll(user, overrides);
    return resolve(user);
  }

  /** Parses a JSON object from a file; syntax errors name the file, line and column. */
  public static JsonObject parseFile(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": config file not found");
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new ConfigException(file + ": not UTF-8 text (a binary or compressed file, or another encoding?);"
          + " a config is a UTF-8 JSON file");
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read config file: " + e.getMessage(), e);
    }
    try (Reader r = new StringReader(text)) {
      JsonElement root = JsonTree.read(r, file);
      if (!root.isJsonObject()) {
        throw new ConfigException(file + ": expected a JSON object at the top level");
      }
      return root.getAsJsonObject();
    } catch (JsonParseException | IOException e) {
      String msg = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
      throw new ConfigException(file + ": malformed JSON: " + plain(msg), e);
    }
  }

  /** Gson's text without its advice to the programmer ("Use JsonReader.setStrictness(...)", a troubleshooting URL). */
  public static String plain(String gsonMessage) {
    if (gsonMessage == null) return "unreadable";
    String s = gsonMessage.replaceAll("\\s*Use JsonReader\\.setStrictness\\(Strictness\\.LENIENT\\)[^\\n]*?(?= at line|$)", "")
        .replaceAll("\\s*See https://github\\.com/google/gson/\\S*", "");
    return s.replaceAll(" path \\$\\S*", "").trim();
  }

  /** Checks {@code user} against the records, merges it over the defaults and validates ranges. */
  public Resolved resolve(JsonObject user) {
    JsonObject tree = user.deepCopy();
    String modelName = modelName(tree);
    Supplier<? extends ModelConfig> modelDefaults = models.defaults(modelName);
    Class<?> modelClass = modelDefaults.get().getClass();

    checkObject(tree, RunConfig.class, "", modelClass);
    JsonObject merged = defaultsTree(modelDefaults.get());
    deepMerge(merged, tree);
    JsonObject initFrom = liftInitFrom(merged.getAsJsonObject("model"));
    DataSources.inherit(merged.getAsJsonObject("data"));

    RunConfig cfg;
    try {
      cfg =
          new RunConfig(
              merged.get("experiment").getAsString(),
              merged.get("seed").getAsLong(),
              GSON.fromJson(merged.get("data"), DataConfig.class),
              (ModelConfig) GSON.fromJson(merged.get("model"), modelClass),
              initFrom == null ? WarmStartConfig.none() : GSON.fromJson(initFrom, WarmStartConfig.class),
              GSON.fromJson(merged.get("train"), TrainConfig.class),
              GSON.fromJson(merged.get("eval"), EvalConfig.class),
              GSON.fromJson(merged.get("export"), ExportConfig.class),
              merged.getAsJsonObject("sweep"));
    } catch (JsonParseException | NumberFormatException e) {
      throw new ConfigException("config does not match its schema: " + e.getMessage(), e);
    }
    cfg.validate();
    if (initFrom != null) merged.getAsJsonObject("model").add(WarmStartConfig.KEY, initFrom);
    // The groups as read (defaults filled in), so equal meanings give one run directory; none: no key.
    if (cfg.train().paramGroups().isEmpty()) {
      merged.getAsJsonObject("train").remove("param_groups");
    } else {
      merged.getAsJsonObject("train").add("param_groups", GSON.toJsonTree(cfg.train().paramGroups()));
    }
    return new Resolved(cfg, merged);
  }

  /**
   * Takes {@code init_from} out of the merged model section (the model records do not know it) and
   * returns it as a full object over {@link WarmStartConfig}'s defaults, or null when there is no warm
   * start (absent, {@code ""}, {@code null} or the defaults alone: the tree then holds no init_from, so
   * such a config keeps the run directory it had before warm starts existed).
   */
  private static JsonObject liftInitFrom(JsonObject model) {
    JsonElement raw = model.remove(WarmStartConfig.KEY);
    if (raw == null || raw.isJsonNull()) return null;
    JsonObject given;
    if (raw.isJsonPrimitive()) {
      if (raw.getAsString().isEmpty()) return null;
      given = new JsonObject();
      given.add("path", raw);
    } else {
      given = raw.getAsJsonObject();
    }
    JsonObject none = GSON.toJsonTree(WarmStartConfig.none()).getAsJsonObject();
    JsonObject full = none.deepCopy();
    deepMerge(full, given);
    return full.equals(none) ? null : full;
  }

  /**
   * Reads one record-typed config of another kind (e.g. a tokenizer config) with the same checks as
   * a run config: unknown keys with the nearest valid one, wrong types, then {@link Section#validate}.
   *
   * @param path the key prefix errors are reported under ("" for a top-level file)
   */
  public static <T> T readRecord(JsonObject json, Class<T> record, T defaults, String path) {
    ConfigReader checker = new ConfigReader(null);
    checker.checkObject(json, record, path, null);
    JsonObject merged = GSON.toJsonTree(defaults).getAsJsonObject();
    deepMerge(merged, json);
    T value;
    try {
      value = GSON.fromJson(merged, record);
    } catch (JsonParseException | NumberFormatException e) {
      throw new ConfigException("config does not match its schema: " + e.getMessage(), e);
    }
    if (value instanceof Section s) s.validate(path);
    return value;
  }

  private String modelName(JsonObject tree) {
    JsonElement model = tree.get("model");
    JsonElement name = model != null && model.isJsonObject() ? model.getAsJsonObject().get("name") : null;
    if (name == null || !name.isJsonPrimitive() || !name.getAsJsonPrimitive().isString()) {
      throw new ConfigException("model.name: is required, one of " + models.names());
    }
    String n = name.getAsString();
    if (models.defaults(n) == null) {
      String near = KeySuggestion.nearest(n, models.names());
      throw new ConfigException(
          "model.name = \"" + n + "\": unknown model"
              + (near != null ? "; did you mean \"" + near + "\"?" : "")
              + " (known: " + models.names() + ")");
    }
    return n;
  }

  private static JsonObject defaultsTree(ModelConfig model) {
    JsonObject d = new JsonObject();
    d.addProperty("experiment", "default");
    d.addProperty("seed", 42L);
    d.add("data", GSON.toJsonTree(DataConfig.defaults()));
    d.add("model", GSON.toJsonTree(model));
    JsonObject train = GSON.toJsonTree(TrainConfig.defaults()).getAsJsonObject();
    // No groups is no key, so configs without groups keep their run directories.
    train.remove("param_groups");
    d.add("train", train);
    d.add("eval", GSON.toJsonTree(EvalConfig.defaults()));
    d.add("export", GSON.toJsonTree(ExportConfig.defaults()));
    d.add("sweep", new JsonObject());
    return d;
  }

  private static void deepMerge(JsonObject base, JsonObject over) {
    for (Map.Entry<String, JsonElement> e : over.entrySet()) {
      JsonElement b = base.get(e.getKey());
      if (b != null && b.isJsonObject() && e.getValue().isJsonObject() && !e.getKey().equals("sweep")) {
        deepMerge(b.getAsJsonObject(), e.getValue().getAsJsonObject());
      } else {
        base.add(e.getKey(), e.getValue().deepCopy());
      }
    }
  }

  /** JSON key → record component type, in declaration order. */
  static Map<String, Type> keysOf(Class<?> record) {
    Map<String, Type> keys = new LinkedHashMap<>();
    for (RecordComponent c : record.getRecordComponents()) {
      try {
        keys.put(
            FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES.translateName(
                record.getDeclaredField(c.getName())),
            c.getGenericType());
      } catch (NoSuchFieldException e) {
        throw new IllegalStateException("record " + record + " lacks field " + c.getName(), e);
      }
    }
    return keys;
  }

  private void checkObject(JsonObject obj, Class<?> record, String path, Class<?> modelClass) {
    Map<String, Type> keys = keysOf(record);
    // RunConfig.initFrom is read from model.init_from: a key of every model section, none at the top.
    if (record == RunConfig.class) keys.remove(WarmStartConfig.KEY);
    if (record == modelClass) keys.put(WarmStartConfig.KEY, WarmStartConfig.class);
    for (Map.Entry<String, JsonElement> e : obj.entrySet()) {
      String key = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
      Type type = keys.get(e.getKey());
      if (type == null) {
        String near = KeySuggestion.nearest(e.getKey(), keys.keySet());
        String prefix = path.isEmpty() ? "" : path + ".";
        throw new ConfigException(
            key + ": unknown key"
                + (near != null ? "; did you mean " + prefix + near + "?" : "")
                + " (valid keys" + (path.isEmpty() ? "" : " in " + path) + ": "
                + String.join(", ", keys.keySet()) + ")");
      }
      checkValue(e.getValue(), type, key, modelClass);
    }
  }

  private void checkValue(JsonElement v, Type type, String key, Class<?> modelClass) {
    if (type instanceof ParameterizedType pt && pt.getRawType() == List.class) {
      if (!v.isJsonArray()) throw wrongType(key, "a list", v);
      Type elem = pt.getActualTypeArguments()[0];
      for (int i = 0; i < v.getAsJsonArray().size(); i++) {
        checkValue(v.getAsJsonArray().get(i), elem, key + "[" + i + "]", modelClass);
      }
      return;
    }
    if (type instanceof ParameterizedType pt && pt.getRawType() == Map.class) {
      if (!v.isJsonObject()) throw wrongType(key, "an object", v);
      Type value = pt.getActualTypeArguments()[1];
      for (Map.Entry<String, JsonElement> e : v.getAsJsonObject().entrySet()) {
        checkValue(e.getValue(), value, key + "." + e.getKey(), modelClass);
      }
      return;
    }
    Class<?> c = (Class<?>) (type instanceof ParameterizedType pt ? pt.getRawType() : type);
    if (c == ModelConfig.class) c = modelClass;
    if (c == WarmStartConfig.class && (v.isJsonNull() || v.isJsonPrimitive() && v.getAsJsonPrimitive().isString())) {
      return; // the shorthand "init_from": "DIR" (or "" / null: none)
    }
    if (c == JsonObject.class) {
      if (!v.isJsonObject()) throw wrongType(key, "an object", v);
      if (key.equals("sweep")) checkSweep(v.getAsJsonObject(), modelClass);
    } else if (c.isRecord()) {
      if (!v.isJsonObject()) {
        String shorthand = c == WarmStartConfig.class ? "a run or checkpoint directory (a string) or " : "";
        throw wrongType(key, shorthand + "an object with keys " + keysOf(c).keySet(), v);
      }
      checkObject(v.getAsJsonObject(), c, key, modelClass);
    } else if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
      if (!isNumber(v)) throw wrongType(key, "an integer", v);
      double d = v.getAsDouble();
      double max = (c == int.class || c == Integer.class) ? Integer.MAX_VALUE : Long.MAX_VALUE;
      if (d != Math.rint(d) || Math.abs(d) > max) throw wrongType(key, "an integer", v);
    } else if (c == double.class || c == Double.class || c == float.class || c == Float.class) {
      if (!isNumber(v)) throw wrongType(key, "a number", v);
    } else if (c == boolean.class || c == Boolean.class) {
      if (!(v.isJsonPrimitive() && v.getAsJsonPrimitive().isBoolean())) {
        throw wrongType(key, "true or false", v);
      }
    } else if (c == String.class) {
      if (!v.isJsonNull() && !(v.isJsonPrimitive() && v.getAsJsonPrimitive().isString())) {
        throw wrongType(key, "a string", v);
      }
    } else if (c.isEnum()) {
      List<String> allowed = enumNames(c);
      if (!(v.isJsonPrimitive() && v.getAsJsonPrimitive().isString())
          || !allowed.contains(v.getAsString())) {
        throw wrongType(key, "one of " + allowed, v);
      }
    } else {
      throw new IllegalStateException("config type not supported by the checker: " + type);
    }
  }

  /** Sweep keys are key paths whose values are lists of candidate values for that key. */
  private void checkSweep(JsonObject sweep, Class<?> modelClass) {
    for (Map.Entry<String, JsonElement> e : sweep.entrySet()) {
      if (!e.getValue().isJsonArray() || e.getValue().getAsJsonArray().isEmpty()) {
        throw wrongType("sweep." + e.getKey(), "a non-empty list of values", e.getValue());
      }
      if (e.getKey().startsWith("sweep") || e.getKey().equals("model.name")) {
        throw new ConfigException("sweep." + e.getKey() + ": this key cannot be swept");
      }
      for (JsonElement candidate : e.getValue().getAsJsonArray()) {
        JsonObject probe = new JsonObject();
        Overrides.apply(probe, e.getKey(), candidate);
        try {
          checkObject(probe, RunConfig.class, "", modelClass);
        } catch (ConfigException ex) {
          throw new ConfigException("sweep." + e.getKey() + ": " + ex.getMessage(), ex);
        }
      }
    }
  }

  private static boolean isNumber(JsonElement v) {
    return v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber();
  }

  static List<String> enumNames(Class<?> e) {
    List<String> names = new ArrayList<>();
    for (Object constant : e.getEnumConstants()) {
      String n = ((Enum<?>) constant).name();
      try {
        SerializedName sn = e.getField(n).getAnnotation(SerializedName.class);
        names.add(sn != null ? sn.value() : n);
      } catch (NoSuchFieldException ex) {
        throw new IllegalStateException(ex);
      }
    }
    return names;
  }

  private static ConfigException wrongType(String key, String expected, JsonElement got) {
    String shown = got.isJsonPrimitive() && got.getAsJsonPrimitive().isString()
        ? new JsonPrimitive(got.getAsString()).toString() : got.toString();
    if (shown.length() > 60) shown = shown.substring(0, 57) + "...";
    return new ConfigException(key + ": expected " + expected + ", got " + shown);
  }
}
