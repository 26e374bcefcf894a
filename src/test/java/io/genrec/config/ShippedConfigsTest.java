package io.genrec.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.genrec.data.fetch.BundledLayout;
import io.genrec.data.fetch.DataRoots;
import io.genrec.data.fetch.DatasetCatalog;
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
 * preparation step, or run config with its sweep points expanded), and every input file it names under
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
          TokenizeConfig tokenize = TokenizeConfig.read(file, List.of());
          tokenize.createTokenizer();
          checkNamedData(tokenize.data(), file, problems);
        } else {
          var planned = SweepPlan.read(file, List.of(), reader, runs).runs();
          assertFalse(planned.isEmpty(), file + ": no runs");
          for (var run : planned) if (!run.isStep()) checkNamedData(run.resolved().config().data(), file, problems);
        }
        collectSharedPaths(json, file, problems);
      } catch (RuntimeException e) {
        problems.add(file + ": " + e.getMessage());
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  /**
   * A named dataset must be in the catalog and its files (the catalog's own and the ones the config
   * names inside it) in the bundled layout, where this checkout's runs find them.
   */
  private static void checkNamedData(DataConfig data, Path file, List<String> problems) {
    DataConfig bundled = BundledLayout.standard().of(data);
    for (int i = 0; i < data.datasets().size(); i++) {
      if (!data.datasets().get(i).namesDataset()) {
        requireNameForCatalogued(data.datasets().get(i).path(), file, problems);
        continue;
      }
      DataConfig one = bundled.datasets().get(i);
      for (String named : new String[] {one.path(), one.items()}) {
        boolean prefix = Files.exists(Path.of(named + ".train.inter")) || Files.exists(Path.of(named + ".train.csv"));
        if (!named.isBlank() && !Files.exists(Path.of(named)) && !prefix) {
          problems.add(file + ": " + data.datasets().get(i).dataset() + " names " + named + ", which does not exist");
        }
      }
    }
  }

  /** A shipped config names a catalogued dataset by name, so it runs where {@code data get} put it too. */
  private static void requireNameForCatalogued(String path, Path file, List<String> problems) {
    for (var entry : DatasetCatalog.standard().entries()) {
      String dir = DataRoots.BUNDLED + "/" + entry.directory();
      boolean catalogued = entry.files().stream().anyMatch(f -> path.equals(DataRoots.BUNDLED + "/" + f.relativePath()))
          || path.equals(dir + (entry.defaultPath().isEmpty() ? "" : "/" + entry.defaultPath()));
      if (catalogued) {
        problems.add(file + ": data.path = " + path + " is in the catalog; name it as \"dataset\": \"" + entry.name() + "\"");
      }
    }
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
