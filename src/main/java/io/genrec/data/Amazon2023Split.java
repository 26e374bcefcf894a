package io.genrec.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An Amazon Reviews 2023 benchmark split taken as given ({@code last_out_w_his}: each user's last
 * item is test, the one before valid; {@code timestamp}: two global cut times), so results compare
 * with the release's. A user's training sequence is their train rows in time order; every valid and
 * test row is one case whose history is the row's own {@code history} column, exactly as released.
 * The dataset joins all three parts, as {@link Amazon2023Loader} reads the prefix.
 */
public final class Amazon2023Split {
  private Amazon2023Split() {}

  public static SplitDataset load(Path dirOrPrefix, IdOrder idOrder) throws IOException {
    Amazon2023Loader.Parts parts = new Amazon2023Loader(idOrder).readParts(dirOrPrefix);
    SequenceDataset data = parts.assembled().data();
    Renumbering ids = parts.assembled().renumbering();
    int users = data.users().size();
    IntList[] items = new IntList[users];
    LongList[] times = new LongList[users];
    for (int u = 0; u < users; u++) {
      items[u] = new IntList(4);
      times[u] = new LongList();
    }
    Amazon2023CsvFile train = parts.train();
    for (int k = 0; k < train.size(); k++) {
      items[train.users.get(k) - 1].add(train.items.get(k));
      times[train.users.get(k) - 1].add(train.times.get(k));
    }
    int[][] sequences = new int[users][];
    for (int p = 0; p < users; p++) {
      int[] sequence = items[p].toArray();
      TimeOrder.sortStable(sequence, times[p].toArray());
      sequences[ids.user(p + 1) - 1] = ids.items(sequence);
    }
    return new SplitDataset(data, sequences, cases(parts.valid(), ids), cases(parts.test(), ids));
  }

  private static List<EvalCase> cases(Amazon2023CsvFile part, Renumbering ids) {
    if (part == null) return List.of();
    if (!part.hasHistory()) {
      throw new DataFormatException(part.file, 1, "no '" + Amazon2023CsvFile.HISTORY + "' column",
          "the benchmark header user_id,parent_asin,rating,timestamp,history in a valid or test part");
    }
    List<EvalCase> cases = new ArrayList<>(part.size());
    for (int k = 0; k < part.size(); k++) {
      cases.add(new EvalCase(ids.user(part.users.get(k)), ids.items(part.histories.get(k)),
          ids.items(new int[] {part.items.get(k)})));
    }
    cases.sort(Comparator.comparingInt(EvalCase::user)); // stable: a user's rows keep file order
    return cases;
  }
}
