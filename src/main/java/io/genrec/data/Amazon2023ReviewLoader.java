package io.genrec.data;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The raw Amazon Reviews 2023 review JSONL ({@code All_Beauty.jsonl}, plain or {@code .gz}): one
 * review a line, of which {@code user_id}, {@code parent_asin} and {@code timestamp} (ms) are read.
 * The interactions are cut to their {@code k}-core ({@link KCoreFilter}), then each user's items put
 * in time order (stable: ties keep file order). Ids are numbered among the survivors only.
 */
public final class Amazon2023ReviewLoader implements InteractionLoader {
  private static final Logger LOG = LogManager.getLogger(Amazon2023ReviewLoader.class);
  static final String USER = "user_id";
  static final String ITEM = "parent_asin";
  static final String TIME = "timestamp";

  private final int k;
  private final IdOrder idOrder;

  /** @param k minimum interactions per user and per item; 1 (or 0) keeps everything */
  public Amazon2023ReviewLoader(int k, IdOrder idOrder) {
    if (k < 0) throw new IllegalArgumentException("k-core " + k + " < 0");
    this.k = k;
    this.idOrder = idOrder;
  }

  @Override
  public SequenceDataset load(Path file) throws IOException {
    IdMap.Builder users = IdMap.builder();
    IdMap.Builder items = IdMap.builder();
    IntList userOf = new IntList(1 << 10);
    IntList itemOf = new IntList(1 << 10);
    LongList timeOf = new LongList();
    try (JsonLines lines = new JsonLines(file)) {
      for (JsonObject review = lines.next(); review != null; review = lines.next()) {
        String user = lines.string(review, USER);
        String item = lines.string(review, ITEM);
        long time = lines.integer(review, TIME);
        userOf.add(users.add(user));
        itemOf.add(items.add(item));
        timeOf.add(time);
      }
      if (userOf.size() == 0) throw new DataFormatException(file, lines.line() + 1, "no reviews", "one review a line");
    }
    IdMap userIds = users.build();
    IdMap itemIds = items.build();
    int[] u = userOf.toArray();
    int[] i = itemOf.toArray();
    boolean[] keep = KCoreFilter.keep(u, i, userIds.size(), itemIds.size(), k);
    SequenceAssembler assembler = new SequenceAssembler(true);
    int kept = 0;
    for (int r = 0; r < u.length; r++) {
      if (!keep[r]) continue;
      assembler.append(assembler.user(userIds.original(u[r])), assembler.item(itemIds.original(i[r])), timeOf.get(r));
      kept++;
    }
    if (kept == 0) {
      throw new DataFormatException(file, 0, "no interactions left after the " + k + "-core filter (of " + u.length
          + " reviews)", "a dataset with users and items of at least " + k + " reviews (lower data.k_core)");
    }
    SequenceDataset data = assembler.build(file, idOrder).data();
    LOG.info("{}: {}-core keeps {} of {} reviews, {} of {} users, {} of {} items", file, k, kept, u.length,
        data.users().size(), userIds.size(), data.items().size(), itemIds.size());
    return data;
  }
}
