package io.genrec.data;

import io.genrec.config.DataConfig;
import io.genrec.data.fetch.DatasetLocator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Dense item → brand id over a run's whole catalog, from each dataset's {@code items} metadata: the
 * attribute brand coverage counts. Brand ids are assigned in dense item order, one id per distinct
 * brand name across sources; 0 means unknown (no metadata, or no brand).
 */
public final class ItemBrands {
  private static final Logger LOG = LogManager.getLogger(ItemBrands.class);

  private ItemBrands() {}

  /** The brand ids, length {@code items + 1}; null when no dataset of the run names metadata. */
  public static int[] of(DataConfig config, SplitDataset split) throws IOException {
    DatasetLocator.Located located = DatasetLocator.standard().locate(config);
    located.warnings().forEach(LOG::warn);
    config = located.config();
    List<DataConfig> datasets = config.datasets();
    if (datasets.size() != split.sources().size()) {
      throw new IllegalArgumentException(datasets.size() + " datasets configured, " + split.sources().size() + " loaded");
    }
    if (datasets.stream().allMatch(d -> d.items() == null || d.items().isBlank())) return null;
    int[] brand = new int[split.data().items().size() + 1];
    Map<String, Integer> ids = new HashMap<>();
    for (int s = 0; s < datasets.size(); s++) {
      String file = datasets.get(s).items();
      if (file == null || file.isBlank()) continue;
      ItemMetadata meta = ItemMetadata.load(Path.of(file));
      DataSource source = split.sources().get(s);
      for (int item = source.firstItem(); item <= source.lastItem(); item++) {
        String b = meta.get(source.originalItem(item)).map(ItemRecord::brand).orElse("");
        brand[item] = b.isBlank() ? 0 : ids.computeIfAbsent(b, x -> ids.size() + 1);
      }
    }
    return brand;
  }
}
