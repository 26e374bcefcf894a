package io.genrec.model.diger;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.genrec.config.ConfigReader;
import io.genrec.config.RunConfig;
import io.genrec.config.TrainConfig;
import io.genrec.data.Datasets;
import io.genrec.data.Npy;
import io.genrec.data.NpyArray;
import io.genrec.data.SequenceDataset;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.tokenize.RqVae;
import io.genrec.train.TinyRuns;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/**
 * A tiny DIGER setting built by the test: 40 items walked in steps of one (TinyRuns), 8-d content
 * embeddings that place neighbours near each other, and a 2-level × 4-code RQ-VAE fitted on them for a
 * few epochs and saved as {@code genrec tokenize} saves it (so 16 prefixes for 40 items: the
 * collision level is needed).
 */
final class DigerFixture {
  final Path data;
  final Path embeddings;
  final Path tokenizer;

  private DigerFixture(Path data, Path embeddings, Path tokenizer) {
    this.data = data;
    this.embeddings = embeddings;
    this.tokenizer = tokenizer;
  }

  static DigerFixture create(Path dir) throws IOException {
    Path data = TinyRuns.writeSequences(dir, 60, 40, 1);
    RunConfig probe = config(data, data, data, dir.resolve("exports"), "");
    SequenceDataset dataset = Datasets.load(probe.data());
    int n = dataset.items().size();
    float[][] rows = new float[n + 1][8];
    Random rng = new Random(5);
    for (int item = 1; item <= n; item++) {
      int original = Integer.parseInt(dataset.items().original(item)) - 101;
      double angle = 2 * Math.PI * original / 40.0;
      rows[item][0] = (float) Math.cos(angle);
      rows[item][1] = (float) Math.sin(angle);
      for (int j = 2; j < 8; j++) rows[item][j] = (float) (0.3 * rng.nextGaussian());
    }
    Path npy = dir.resolve("items.npy");
    Npy.write(npy, NpyArray.matrix(rows));
    TrainConfig train = new TrainConfig(3, 16, 3e-3, TrainConfig.Optimizer.ADAM, 0, 0.9, 0.999, 1e-8,
        TrainConfig.Schedule.CONSTANT, 0, 0, 0, 0, 1, 1, 1, false);
    RqVae rqvae = new RqVae(new RqVae.Config(new int[] {16}, 8, 2, 4, 0.25, true, true, 1, train));
    rqvae.fit(rows, 3);
    Path saved = dir.resolve("rqvae");
    rqvae.save(saved);
    return new DigerFixture(data, npy, saved);
  }

  /** A small DIGER config; {@code modelExtra} adds model keys (", \"key\": value"). */
  RunConfig config(Path exports, String modelExtra) {
    return config(data, embeddings, tokenizer, exports, modelExtra, 2, true);
  }

  /** As {@link #config(Path, String)}, with {@code train.epochs} and {@code export.enabled}. */
  RunConfig config(Path exports, String modelExtra, int epochs, boolean export) {
    return config(data, embeddings, tokenizer, exports, modelExtra, epochs, export);
  }

  static RunConfig config(Path data, Path embeddings, Path tokenizer, Path exports, String modelExtra) {
    return config(data, embeddings, tokenizer, exports, modelExtra, 2, true);
  }

  static RunConfig config(Path data, Path embeddings, Path tokenizer, Path exports, String modelExtra, int epochs,
      boolean export) {
    return config(data, embeddings, tokenizer, exports, modelExtra, epochs, export, "{}");
  }

  /** With {@code paramGroups} as train.param_groups (a JSON object). */
  RunConfig config(Path exports, String modelExtra, String paramGroups) {
    return config(data, embeddings, tokenizer, exports, modelExtra, 2, true, paramGroups);
  }

  static RunConfig config(Path data, Path embeddings, Path tokenizer, Path exports, String modelExtra, int epochs,
      boolean export, String paramGroups) {
    JsonObject o = JsonParser.parseString("""
        {"experiment": "tiny", "seed": 7,
         "data": {"path": "%s", "max_length": 6},
         "model": {"name": "diger", "item_embeddings": "%s", "tokenizer_init": "%s",
                   "collision_codes": 16,
                   "d_model": 16, "num_heads": 2, "head_dim": 8, "ff_dim": 32, "encoder_layers": 1,
                   "decoder_layers": 1, "dropout": 0.1, "beam": 8 %s},
         "train": {"epochs": %d, "batch_size": 16, "lr": 0.01, "patience": 0, "progress": false,
                   "param_groups": %s},
         "eval": {"ks": [5], "batch_size": 32, "beyond_accuracy": false},
         "export": {"dir": "%s", "k": 5, "enabled": %b}}
        """.formatted(slash(data), slash(embeddings), slash(tokenizer), modelExtra, epochs, paramGroups, slash(exports), export))
        .getAsJsonObject();
    return new ConfigReader(ModelCatalog.INSTANCE).resolve(o).config();
  }

  static String slash(Path p) {
    return p.toString().replace("\\", "/");
  }
}
