package io.genrec.experiment;

import io.genrec.config.ConfigReader;
import io.genrec.config.RunConfig;
import io.genrec.data.Datasets;
import io.genrec.data.IdMap;
import io.genrec.data.ItemHoldout;
import io.genrec.data.ItemMetadata;
import io.genrec.data.ItemRecord;
import io.genrec.embed.TextEncoder;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.data.SplitDataset;
import io.genrec.embed.ItemTextEncoding;
import io.genrec.model.SequentialRecommender;
import io.genrec.model.diger.Diger;
import io.genrec.model.diger.DigerConfig;
import io.genrec.model.tiger.Tiger;
import io.genrec.model.vqrec.ItemCodes;
import io.genrec.model.vqrec.VqRec;
import io.genrec.model.vqrec.VqRecConfig;
import io.genrec.model.tiger.TigerConfig;
import io.genrec.semid.ItemSemanticIds;
import io.genrec.semid.SemanticIdSource;
import io.genrec.serve.ItemIdTable;
import io.genrec.tokenize.SemanticIdFile;
import io.genrec.tokenize.SemanticIds;
import io.genrec.tokenize.TokenizeOutput;
import io.genrec.train.Trainer;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * New items into a trained TIGER, DIGER or VQ-Rec run without retraining (cold start), the body of
 * {@code genrec items add}: their text goes through the run's own text encoder (the template and
 * encoder its embedding table was made with) and tokenizer, each gets a semantic ID (TIGER, DIGER:
 * the collision level extended, no old ID renumbered) or its codes (VQ-Rec), and a new SavedModel is
 * exported from the run's best checkpoint through the usual export path, its id table and (for the
 * semantic-ID models) its beam search's valid prefixes holding the new items. The run itself is not
 * changed.
 *
 * <p>Everything is checked before anything is written (ids, codes, room in the collision level),
 * and the SavedModel, with the grown catalog's codes in its {@code assets.extra/}, appears at once
 * or not at all ({@link SavedModelDirectory#replace}).
 */
public final class NewItemsExport {
  private static final Logger LOG = LogManager.getLogger(NewItemsExport.class);
  /** Where the export keeps the extended IDs: a SavedModel's folder for files its graph does not read. */
  public static final String ASSETS_EXTRA = "assets.extra";

  /**
   * @param out the SavedModel written
   * @param oldItems the run's catalog
   * @param newItems items added, in the order of the items file
   */
  public record Result(Path out, int oldItems, List<String> newItems) {}

  private NewItemsExport() {}

  /** {@code RUN_DIR/savedmodel-items-<n>}: the default place for a catalog grown by {@code n} items. */
  public static Path defaultOut(Path runDir, int newItems) {
    return runDir.resolve("savedmodel-items-" + newItems);
  }

  /**
   * @param out the SavedModel to write; null for {@link #defaultOut}
   * @param force replace an existing {@code out}
   * @param heldOut add the items the run held out ({@link ItemHoldout#ITEMS_FILE}), their text from
   *     {@code itemsFile} (which may hold other items too); false: every item of {@code itemsFile}
   * @param encoders opens the text encoder the run's embedding table names
   */
  public static Result run(Path runDir, Path itemsFile, Path out, boolean force, boolean heldOut,
      Function<String, TextEncoder> encoders) throws IOException {
    RunDirectory run = new RunDirectory(runDir);
    Path configFile = run.file(RunDirectory.CONFIG);
    if (!Files.isDirectory(runDir)) throw new NoSuchFileException(runDir.toString(), null, "no such run directory");
    if (!Files.isRegularFile(configFile)) {
      throw new IllegalArgumentException(runDir + ": not a run directory (no " + RunDirectory.CONFIG + ")");
    }
    RunConfig cfg = new ConfigReader(ModelCatalog.INSTANCE).resolve(ConfigReader.parseFile(configFile)).config();
    if (cfg.data().hasSources()) {
      throw new IllegalArgumentException(runDir + ": a run over several data sources " + cfg.data().sourceNames()
          + "; items add supports runs over one dataset");
    }
    Growth growth;
    if (cfg.model() instanceof TigerConfig tiger) growth = tiger(runDir, cfg, tiger);
    else if (cfg.model() instanceof DigerConfig diger) growth = diger(run, cfg, diger);
    else if (cfg.model() instanceof VqRecConfig vqrec) growth = vqrec(cfg, vqrec);
    else {
      throw new IllegalArgumentException(runDir + ": a " + cfg.model().name()
          + " run; items add supports tiger, diger and vqrec runs");
    }
    if (!Trainer.hasBest(run.checkpointDir())) {
      throw new IllegalArgumentException(run.checkpointDir() + ": no best checkpoint (did the run train an epoch?)");
    }

    // The split's catalog: without the items a run held out (data.holdout_items).
    SplitDataset split = Datasets.loadSplit(cfg.data());
    IdMap items = split.data().items();
    ItemMetadata metadata = ItemMetadata.load(itemsFile);
    List<String> newIds = heldOut ? heldOutIds(runDir, metadata)
        : newItemIds(metadata, items, new ItemIdTable(items).kind());
    Path target = out != null ? out : defaultOut(runDir, newIds.size());
    if (Files.exists(target) && !force) {
      throw new FileAlreadyExistsException(target.toString(), null,
          "already exists; choose another --out, or --force to replace it");
    }
    List<String> catalog = new ArrayList<>(items.originals());
    catalog.addAll(newIds);
    Grown grown = growth.grow(split, metadata, newIds, catalog, encoders);
    ItemIdTable table = new ItemIdTable(IdMap.of(catalog));
    SavedModelDirectory.replace(target, true, dir -> {
      ModelExport.export(grown.model(), cfg, table, run.checkpointDir(), dir);
      grown.writeIds().write(Files.createDirectories(dir.resolve(ASSETS_EXTRA)));
    });
    LOG.info("exported {} items ({} new) to {}", catalog.size(), newIds.size(), target);
    return new Result(target, items.size(), newIds);
  }

  /** One model's part, after the checks it can make from the run directory alone. */
  @FunctionalInterface
  private interface Growth {
    /**
     * Codes the new items and builds the inference model over {@code catalog} (the split's items,
     * then the new ones); nothing is written.
     */
    Grown grow(SplitDataset split, ItemMetadata metadata, List<String> newIds, List<String> catalog,
        Function<String, TextEncoder> encoders) throws IOException;
  }

  /** The model to export and how to write the grown catalog's codes (by original id) into assets.extra. */
  private record Grown(SequentialRecommender model, IdWriter writeIds) {}

  @FunctionalInterface
  private interface IdWriter {
    void write(Path assetsExtra) throws IOException;
  }

  /** TIGER: the run's tokenizer (a genrec tokenize output) codes the new items; the collision level grows. */
  private static Growth tiger(Path runDir, RunConfig cfg, TigerConfig tiger) throws IOException {
    if (tiger.semanticIds().source() != SemanticIdSource.Source.FILE) {
      throw new IllegalArgumentException(runDir + ": model.semantic_ids.source is "
          + tiger.semanticIds().source().name().toLowerCase(java.util.Locale.ROOT) + " (fitted inside the run and not"
          + " kept), so there is no tokenizer to code new items with; use IDs from genrec tokenize");
    }
    TokenizeOutput tokenizer = TokenizeOutput.of(Path.of(tiger.semanticIds().path()));
    Path runIdFile = runDir.resolve(SemanticIdFile.FILE_NAME);
    if (!Files.isRegularFile(runIdFile)) {
      throw new IllegalArgumentException(runDir + ": no " + SemanticIdFile.FILE_NAME
          + " (the run's own semantic IDs; runs since the ID copy was added keep one); run it again");
    }
    return (split, metadata, newIds, catalog, encoders) -> {
      tokenizer.requireSameIds(SemanticIdFile.readTsv(runIdFile), runIdFile);
      ItemSemanticIds ids = ItemSemanticIds.load(SemanticIdSource.file(runIdFile.toString()), split.data().items(),
          cfg.seed());
      if (ids.levels() != tokenizer.levels() + 1) {
        throw new IllegalArgumentException(runIdFile + ": " + ids.levels() + " levels, but the tokenizer codes "
            + tokenizer.levels() + " (a collision level was expected last)");
      }
      LOG.info("coding {} new items with {}", newIds.size(), tokenizer);
      ItemSemanticIds extended = ids.withNewItems(newIds, tokenizer.code(metadata, newIds, encoders));
      Tiger model = Tiger.forCatalog(tiger.forRun(runDir), cfg, extended);
      return new Grown(model, extra -> extended.save(extra.resolve(SemanticIdFile.FILE_NAME)));
    };
  }

  /**
   * DIGER: the new items' text embedded as {@code model.item_embeddings} was, coded by the trained
   * tokenizer through the run's SavedModel ({@link Diger#prefixesOf}); old items keep the IDs of the
   * best checkpoint.
   */
  private static Growth diger(RunDirectory run, RunConfig cfg, DigerConfig diger) throws IOException {
    ItemTextEncoding text = ItemTextEncoding.of(Path.of(diger.itemEmbeddings()));
    Path savedModel = run.savedModelDir();
    if (!Files.isRegularFile(savedModel.resolve("saved_model.pb"))) {
      throw new IllegalArgumentException(savedModel + ": no SavedModel, whose " + Diger.ITEM_SIGNATURE
          + " signature codes new items with the trained tokenizer; export the run first (genrec export "
          + run.path() + " --out " + savedModel + ")");
    }
    return (split, metadata, newIds, catalog, encoders) -> {
      LOG.info("coding {} new items: text by {}, codes from {}", newIds.size(), text, savedModel);
      int[][] prefixes = Diger.prefixesOf(savedModel, text.embed(metadata, newIds, encoders));
      Diger model = (Diger) ModelCatalog.create(ModelExport.forRun(cfg, run.path()), split, false);
      model.loadState(Trainer.bestDir(run.checkpointDir()));
      model.addItems(prefixes);
      int[][] table = model.semanticIdTable();
      return new Grown(model,
          extra -> SemanticIdFile.writeTsv(extra.resolve(SemanticIdFile.FILE_NAME), SemanticIds.of(catalog, table)));
    };
  }

  /** The new items' codes of a VQ-Rec run, beside its SavedModel: the quantizer's, without a collision level. */
  public static final String NEW_ITEM_CODES = "new_item_codes.tsv";

  /**
   * VQ-Rec: the new items' text coded by the quantizer ({@code genrec tokenize}, OPQ) whose codes
   * {@code model.codes} names; an item's vector is the mean of its codes' embeddings, so that is all.
   */
  private static Growth vqrec(RunConfig cfg, VqRecConfig vqrec) throws IOException {
    TokenizeOutput quantizer = TokenizeOutput.of(Path.of(vqrec.codes().path()));
    return (split, metadata, newIds, catalog, encoders) -> {
      ItemCodes codes = ItemCodes.read(vqrec.codes(), vqrec.codebookSize(), split.data().items());
      if (quantizer.levels() != codes.subvectors()) {
        throw new IllegalArgumentException(vqrec.codes().path() + ": the run uses " + codes.subvectors()
            + " codes per item, the quantizer beside it gives " + quantizer.levels());
      }
      LOG.info("coding {} new items with {}", newIds.size(), quantizer);
      int[][] added = quantizer.code(metadata, newIds, encoders);
      VqRec model = VqRec.forCatalog(vqrec, cfg, codes.withNewItems(added));
      int[][] table = new int[added.length + 1][];
      table[0] = new int[codes.subvectors()];
      System.arraycopy(added, 0, table, 1, added.length);
      return new Grown(model, extra -> SemanticIdFile.writeTsv(extra.resolve(NEW_ITEM_CODES), SemanticIds.of(newIds, table)));
    };
  }

  /**
   * The items file's ids in file order, checked to be new and servable by the run's SavedModel
   * signature (int64 ids stay int64).
   */
  private static List<String> newItemIds(ItemMetadata metadata, IdMap catalog, ItemIdTable.Kind kind) {
    List<String> ids = new ArrayList<>();
    for (ItemRecord record : metadata.records()) {
      String id = record.id();
      if (catalog.contains(id)) {
        throw new IllegalArgumentException(where(metadata, id) + "item '" + id
            + "' is already in the run's catalog; new items need ids of their own");
      }
      if (kind == ItemIdTable.Kind.INT64 && !isServableInt(id)) {
        throw new IllegalArgumentException(where(metadata, id) + "item id '" + id
            + "' is not a non-zero integer, but the run's SavedModel takes int64 item ids");
      }
      ids.add(id);
    }
    if (ids.isEmpty()) throw new IllegalArgumentException(metadata.source() + ": no items");
    return ids;
  }

  /** The run's held-out item ids, each checked to have a row in {@code metadata}. */
  private static List<String> heldOutIds(Path runDir, ItemMetadata metadata) throws IOException {
    List<String> ids = ItemHoldout.readItems(runDir);
    List<String> missing = ids.stream().filter(id -> metadata.get(id).isEmpty()).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(metadata.source() + ": no row for " + missing.size() + " of the "
          + ids.size() + " items the run held out, e.g. " + String.join(", ", missing.subList(0, Math.min(5, missing.size()))));
    }
    return ids;
  }

  private static boolean isServableInt(String id) {
    try {
      return Long.parseLong(id) != 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String where(ItemMetadata metadata, String id) {
    OptionalLong line = metadata.line(id);
    return metadata.source() + (line.isPresent() ? ":" + line.getAsLong() : "") + ": ";
  }
}
