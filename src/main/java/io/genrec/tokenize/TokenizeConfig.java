package io.genrec.tokenize;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.annotations.SerializedName;
import io.genrec.config.ConfigException;
import io.genrec.config.ConfigReader;
import io.genrec.config.DataConfig;
import io.genrec.config.Overrides;
import io.genrec.config.Require;
import io.genrec.config.Section;
import io.genrec.config.TrainConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code genrec tokenize} config. Relative paths resolve against the working directory, as in
 * run configs (run from the repository root).
 *
 * @param itemsEmbeddings one or more {@code .npy} item tables ({@code genrec embed} output or any
 *     float {@code .npy} of {@code [items + 1, dim]} or {@code [items, dim]}) in the dataset's
 *     dense item order
 * @param fusion how several tables become one ({@link io.genrec.embed.EmbeddingFusion}): concat
 *     (L2-normalised, side by side) or add (PCA to a common width, summed)
 * @param fusionDim common width for {@code add}; 0 = the narrowest table's
 * @param data the interactions whose items are coded: their dense order is the tables' row order,
 *     their original ids key {@code semantic_ids.tsv}; same keys as a run config's {@code data}
 * @param fitOn all: the tokenizer is fitted on every item; train_items: only on the items of the
 *     training part of {@code data}'s split (e.g. a target domain's own quantizer, as VQ-Rec fits it:
 *     items seen only in validation or test must not shape the codebooks), the other items then coded
 *     with the fitted tokenizer
 * @param tokenizer rq-vae, rq-kmeans, pq or opq ({@link Tokenizers})
 * @param params the tokenizer's parameters ({@link Tokenizers} lists them)
 * @param train how rq-vae trains (ignored by the others)
 * @param out the run directory: {@code semantic_ids.tsv}, {@code tokenizer/},
 *     {@code tokenize_report.json}, {@code config.json}, {@code training/}
 */
public record TokenizeConfig(
    List<String> itemsEmbeddings,
    Fusion fusion,
    int fusionDim,
    DataConfig data,
    FitOn fitOn,
    String tokenizer,
    JsonObject params,
    TrainConfig train,
    long seed,
    String out)
    implements Section {

  public enum FitOn {
    @SerializedName("all") ALL,
    @SerializedName("train_items") TRAIN_ITEMS
  }

  /** {@code fit_on}, which configs written before it existed lack: they meant {@code all}. */
  public static final String FIT_ON = "fit_on";

  public enum Fusion {
    @SerializedName("concat") CONCAT,
    @SerializedName("add") ADD
  }

  public static TokenizeConfig defaults() {
    return new TokenizeConfig(
        List.of(), Fusion.CONCAT, 0, DataConfig.defaults(), FitOn.ALL, RqVae.NAME, new JsonObject(),
        RqVae.Config.defaultTraining(), 42, "");
  }

  /**
   * Reads {@code file}, applies {@code --set} overrides, checks keys and types, then ranges. A
   * {@code needs} key (what a sweep runs before this tokenizer, e.g. the embed step making its
   * input) is the sweep's, not the tokenizer's, and is passed by.
   */
  public static TokenizeConfig read(Path file, List<Overrides.Override> overrides) {
    JsonObject json = ConfigReader.parseFile(file);
    json.remove(ConfigReader.NEEDS);
    Overrides.applyAll(json, overrides);
    if (json.get("data") != null && json.get("data").isJsonObject()) {
      io.genrec.config.DataSources.inheritWithDefaults(json.getAsJsonObject("data"));
    }
    return ConfigReader.readRecord(json, TokenizeConfig.class, defaults(), "");
  }

  @Override
  public void validate(String path) {
    String prefix = path.isEmpty() ? "" : path + ".";
    Require.notEmpty(prefix + "items_embeddings", itemsEmbeddings);
    for (int i = 0; i < itemsEmbeddings.size(); i++) {
      Require.notBlank(prefix + "items_embeddings[" + i + "]", itemsEmbeddings.get(i));
    }
    Require.nonNegative(prefix + "fusion_dim", fusionDim);
    data.validate(prefix + "data");
    if (fitOn == null) throw new ConfigException(prefix + "fit_on: expected all or train_items");
    Require.notBlank(prefix + "tokenizer", tokenizer);
    if (!Tokenizers.names().contains(tokenizer)) {
      throw new ConfigException(
          prefix + "tokenizer = \"" + tokenizer + "\": unknown tokenizer (known: " + Tokenizers.names() + ")");
    }
    train.validate(prefix + "train");
    Require.notBlank(prefix + "out", out);
  }

  /** The tokenizer built from {@code tokenizer}, {@code params} and {@code train}; bad params are config errors. */
  public Tokenizer createTokenizer() {
    try {
      return Tokenizers.create(tokenizer, tokenizerParams(), train);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("params: " + e.getMessage(), e);
    }
  }

  /** {@code params} as plain values: numbers, booleans, strings and lists of them. */
  public Map<String, Object> tokenizerParams() {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> entry : params.entrySet()) values.put(entry.getKey(), plain(entry.getValue()));
    return values;
  }

  public List<Path> embeddingFiles() {
    return itemsEmbeddings.stream().map(Path::of).toList();
  }

  /** The config as JSON, as written to the run's {@code config.json}. */
  public JsonObject toJson() {
    return ConfigReader.gson().toJsonTree(this).getAsJsonObject();
  }

  private static Object plain(JsonElement value) {
    if (value.isJsonArray()) {
      List<Object> items = new ArrayList<>();
      for (JsonElement item : value.getAsJsonArray()) items.add(plain(item));
      return items;
    }
    if (value.isJsonPrimitive()) {
      JsonPrimitive primitive = value.getAsJsonPrimitive();
      if (primitive.isBoolean()) return primitive.getAsBoolean();
      if (primitive.isNumber()) return primitive.getAsNumber();
      return primitive.getAsString();
    }
    // Objects and nulls are no parameter's type; TokenizerParams names the key when it reads it.
    return value.toString();
  }
}
