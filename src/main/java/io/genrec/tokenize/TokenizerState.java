package io.genrec.tokenize;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import io.genrec.config.ConfigReader;
import io.genrec.data.AtomicFile;
import io.genrec.data.DataFormatException;
import io.genrec.data.Npy;
import io.genrec.data.NpyArray;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The files of a saved tokenizer: {@code tokenizer.json} (name, config, seed, shapes, report),
 * codebooks and matrices as {@code .npy}, and the item codes as {@code codes.tsv} in the
 * {@link SemanticIdFile} format keyed by dense item index.
 */
final class TokenizerState {
  static final String HEADER_FILE = "tokenizer.json";
  static final String CODES_FILE = "codes.tsv";

  /** What {@code tokenizer.json} holds; {@code config} is the tokenizer's own config record. */
  record Header<C>(String tokenizer, C config, long seed, int dim, int items, TokenizerReport report) {}

  private TokenizerState() {}

  static void writeHeader(Path dir, Header<?> header) throws IOException {
    writeJson(dir.resolve(HEADER_FILE), ConfigReader.gson().toJsonTree(header));
  }

  static void writeJson(Path file, JsonElement json) throws IOException {
    AtomicFile.writeText(file, ConfigReader.gson().toJson(json) + "\n");
  }

  /** The {@code tokenizer} field of a saved state, to choose the class that loads it. */
  static String tokenizerName(Path dir) throws IOException {
    Path file = dir.resolve(HEADER_FILE);
    JsonObject json = readObject(file);
    JsonElement name = json.get("tokenizer");
    if (name == null || !name.isJsonPrimitive()) {
      throw new DataFormatException(file, 0, "no \"tokenizer\" field", "the tokenizer's name");
    }
    return name.getAsString();
  }

  static <C> Header<C> readHeader(Path dir, String expectedName, Class<C> configType)
      throws IOException {
    Path file = dir.resolve(HEADER_FILE);
    JsonObject json = readObject(file);
    try {
      String name = json.get("tokenizer").getAsString();
      if (!name.equals(expectedName)) {
        throw new DataFormatException(file, 0, "tokenizer \"" + name + "\"", "\"" + expectedName + "\"");
      }
      C config = ConfigReader.gson().fromJson(json.get("config"), configType);
      TokenizerReport report = ConfigReader.gson().fromJson(json.get("report"), TokenizerReport.class);
      if (config == null || report == null) throw new JsonParseException("missing config or report");
      return new Header<>(
          name,
          config,
          json.get("seed").getAsLong(),
          json.get("dim").getAsInt(),
          json.get("items").getAsInt(),
          report);
    } catch (DataFormatException e) {
      throw e;
    } catch (RuntimeException e) {
      // Gson reports a missing or mistyped field as one of several unchecked exceptions.
      throw new DataFormatException(
          file, 0, "an incomplete or invalid header (" + e.getMessage() + ")",
          "tokenizer, config, seed, dim, items and report fields", e);
    }
  }

  private static JsonObject readObject(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new DataFormatException(file, 0, "no such file", "a saved tokenizer's " + HEADER_FILE, e);
    }
    try {
      JsonElement root = com.google.gson.JsonParser.parseString(text);
      if (!root.isJsonObject()) throw new JsonParseException("not an object");
      return root.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new DataFormatException(file, 0, "malformed JSON (" + e.getMessage() + ")", "a JSON object", e);
    }
  }

  static void writeMatrix(Path file, float[] data, int rows, int cols) throws IOException {
    Npy.write(file, new NpyArray(new int[] {rows, cols}, data));
  }

  static float[] readMatrix(Path file, int rows, int cols) throws IOException {
    NpyArray array = Npy.read(file);
    int[] shape = array.shape();
    if (shape.length != 2 || shape[0] != rows || shape[1] != cols) {
      throw new DataFormatException(
          file, 0, "shape " + Arrays.toString(shape), "[" + rows + ", " + cols + "] as " + HEADER_FILE + " says");
    }
    return array.data();
  }

  /** Codebook {@code level} (0-based) of a saved tokenizer: {@code codebook_<level + 1>.npy}. */
  static String codebookFile(int level) {
    return "codebook_" + (level + 1) + ".npy";
  }

  /** Each {@code [codebookSize, width]} codebook as its {@link #codebookFile}. */
  static void writeCodebooks(Path dir, float[][] codebooks, int codebookSize, int width) throws IOException {
    for (int level = 0; level < codebooks.length; level++) {
      writeMatrix(dir.resolve(codebookFile(level)), codebooks[level], codebookSize, width);
    }
  }

  static float[][] readCodebooks(Path dir, int count, int codebookSize, int width) throws IOException {
    float[][] codebooks = new float[count][];
    for (int level = 0; level < count; level++) {
      codebooks[level] = readMatrix(dir.resolve(codebookFile(level)), codebookSize, width);
    }
    return codebooks;
  }

  static void writeCodes(Path dir, int[][] codes) throws IOException {
    Path file = dir.resolve(CODES_FILE);
    AtomicFile.write(
        file,
        out -> {
          Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
          SemanticIdFile.writeRows(writer, denseIds(codes.length - 1), codes);
          writer.flush();
        });
  }

  static int[][] readCodes(Path dir, int items, int levels, int codebookSize) throws IOException {
    Path file = dir.resolve(CODES_FILE);
    SemanticIds ids = SemanticIdFile.readTsv(file);
    if (ids.levels() != levels) {
      throw new DataFormatException(file, 0, ids.levels() + " codes per item", levels + " as " + HEADER_FILE + " says");
    }
    int[][] codes = ids.inItemOrder(denseIds(items));
    for (int i = 1; i <= items; i++) {
      for (int code : codes[i]) {
        if (code >= codebookSize) {
          throw new DataFormatException(
              file, 0, "item " + i + " with code " + code, "codes below the codebook size " + codebookSize);
        }
      }
    }
    return codes;
  }

  /** "1".."n": the dense item indices, as ids for {@code codes.tsv}. */
  static List<String> denseIds(int items) {
    List<String> ids = new ArrayList<>(items);
    for (int i = 1; i <= items; i++) ids.add(Integer.toString(i));
    return ids;
  }
}
