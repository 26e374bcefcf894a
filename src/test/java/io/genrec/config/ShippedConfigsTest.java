package io.genrec.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.genrec.experiment.SweepPlan;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.tokenize.TokenizeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every config shipped under {@code configs/} loads and validates as its kind (tokenizer config,
 * or run config with its sweep points expanded), and every input file it names under
 * {@code ../shared/data} exists: a user who runs one must not meet a schema error or a missing
 * dataset after the earlier steps of a pipeline have run. Files under {@code experiments/} are made
 * by an earlier command (embed, tokenize), so they are not required here.
 */
class ShippedConfigsTest {
  private static final Path CONFIGS = Path.of("configs");

  @Test
  void everyShippedConfigLoadsAndNamesExistingSharedData(@TempDir Path runs) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(CONFIGS)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertFalse(files.isEmpty(), "no configs under " + CONFIGS.toAbsolutePath());
    List<String> problems = new ArrayList<>();
    ConfigReader reader = new ConfigReader(ModelCatalog.INSTANCE);
    for (Path file : files) {
      try {
        JsonObject json = ConfigReader.parseFile(file);
        if (json.has("tokenizer")) {
          TokenizeConfig.read(file, List.of()).createTokenizer();
        } else {
          assertFalse(SweepPlan.read(file, List.of(), reader, runs).runs().isEmpty(), file + ": no runs");
        }
        collectSharedPaths(json, file, problems);
      } catch (RuntimeException e) {
        problems.add(file + ": " + e.getMessage());
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  /** Any string value that points into ../shared/data must name a file that is there (lists too, e.g. data.sources). */
  private static void collectSharedPaths(JsonObject json, Path file, List<String> problems) {
    json.entrySet().forEach(e -> collectSharedPaths(e.getKey(), e.getValue(), file, problems));
  }

  private static void collectSharedPaths(String key, JsonElement value, Path file, List<String> problems) {
    if (value.isJsonObject()) {
      collectSharedPaths(value.getAsJsonObject(), file, problems);
    } else if (value.isJsonArray()) {
      for (JsonElement element : value.getAsJsonArray()) collectSharedPaths(key, element, file, problems);
    } else if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
      String text = value.getAsString();
      // A pre-split dataset is named by its prefix (NAME for NAME.train.inter / NAME.train.csv).
      boolean prefix = Files.exists(Path.of(text + ".train.inter")) || Files.exists(Path.of(text + ".train.csv"));
      if (text.startsWith("../shared/data/") && !Files.exists(Path.of(text)) && !prefix) {
        problems.add(file + ": " + key + " = " + text + " does not exist");
      }
    }
  }
}
