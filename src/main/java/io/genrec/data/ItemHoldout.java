package io.genrec.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Items held out of a run for a cold-start evaluation, as TIGER's paper runs it: a seeded share of
 * the catalog is taken out of every interaction before the split, so the model neither trains nor
 * validates on them and they are not in its catalog; the test cases whose target is one of them
 * (under the same split of the whole data) are kept aside, in original ids, to be scored once the
 * items are added to the trained model ({@code genrec items add}). Every other test case keeps its
 * target; its history loses the held-out items, which the model does not know.
 */
public final class ItemHoldout {
  /** The held-out item ids, one per line, written into the run directory. */
  public static final String ITEMS_FILE = "holdout_items.tsv";
  /** The cold-start test cases: user, history (original ids, oldest first) and target. */
  public static final String CASES_FILE = "cold_start_cases.tsv";

  /** A test case whose target was held out; ids are the dataset's originals. */
  public record ColdStartCase(String user, List<String> history, String target) {}

  /**
   * @param split the run's split, without the held-out items
   * @param heldOut their original ids, in the dataset's dense order
   * @param coldStart the test cases whose target is held out, in user order
   */
  public record Result(SplitDataset split, List<String> heldOut, List<ColdStartCase> coldStart) {
    /** Writes {@link #ITEMS_FILE} and {@link #CASES_FILE} into {@code dir}. */
    public void write(Path dir) throws IOException {
      StringBuilder items = new StringBuilder("item_id\n");
      for (String id : heldOut) items.append(id).append('\n');
      AtomicFile.writeText(dir.resolve(ITEMS_FILE), items.toString());
      StringBuilder cases = new StringBuilder("user_id\thistory\ttarget\n");
      for (ColdStartCase c : coldStart) {
        cases.append(c.user()).append('\t').append(String.join(" ", c.history())).append('\t').append(c.target())
            .append('\n');
      }
      AtomicFile.writeText(dir.resolve(CASES_FILE), cases.toString());
    }
  }

  private ItemHoldout() {}

  /** The ids {@link Result#write} put in {@code dir}'s {@link #ITEMS_FILE}, in its order. */
  public static List<String> readItems(Path dir) throws IOException {
    Path file = dir.resolve(ITEMS_FILE);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(dir + ": no " + ITEMS_FILE
          + " (the run held out no items: data.holdout_items was not set)");
    }
    return Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8).stream().skip(1).map(String::strip)
        .filter(line -> !line.isEmpty()).toList();
  }

  /**
   * @param share of the items to hold out, in (0, 0.5]; at least one item
   * @param seed picks the items
   */
  public static Result apply(SequenceDataset data, Split split, double share, long seed) {
    int n = data.items().size();
    boolean[] held = pick(n, share, seed);
    SplitDataset whole = split.split(data);
    List<ColdStartCase> cold = new ArrayList<>();
    Set<Integer> coldUsers = new HashSet<>();
    for (EvalCase c : whole.test()) {
      if (Arrays.stream(c.targets()).noneMatch(t -> held[t])) continue;
      coldUsers.add(c.user());
      List<String> history = Arrays.stream(c.history()).mapToObj(i -> data.items().original(i)).toList();
      int target = Arrays.stream(c.targets()).filter(t -> held[t]).findFirst().orElseThrow();
      cold.add(new ColdStartCase(data.users().original(c.user()), history, data.items().original(target)));
    }
    SequenceDataset kept = without(data, held);
    SplitDataset reduced = split.split(kept);
    // A cold-start user's test case goes aside whole: without its held-out target, the split would
    // test it on an earlier item instead.
    List<EvalCase> test = reduced.test().stream().filter(c -> !coldUsers.contains(c.user())).toList();
    List<String> heldOut = new ArrayList<>();
    for (int item = 1; item <= n; item++) if (held[item]) heldOut.add(data.items().original(item));
    return new Result(new SplitDataset(kept, reduced.train(), reduced.valid(), test), heldOut, cold);
  }

  /** {@code held[item]} for dense items 1..n: round(share · n) of them, at least one, drawn by {@code seed}. */
  static boolean[] pick(int n, double share, long seed) {
    if (!(share > 0 && share <= 0.5)) throw new IllegalArgumentException("holdout share " + share + " not in (0, 0.5]");
    List<Integer> items = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) items.add(i);
    Collections.shuffle(items, new Random(seed));
    int count = (int) Math.max(1, Math.round(share * n));
    boolean[] held = new boolean[n + 1];
    for (int i = 0; i < count; i++) held[items.get(i)] = true;
    return held;
  }

  /** The dataset without the held items: the others keep their order (and dense ids renumbered densely). */
  private static SequenceDataset without(SequenceDataset data, boolean[] held) {
    int n = data.items().size();
    List<String> keptIds = new ArrayList<>();
    int[] renumbered = new int[n + 1];
    for (int item = 1; item <= n; item++) {
      if (held[item]) continue;
      keptIds.add(data.items().original(item));
      renumbered[item] = keptIds.size();
    }
    int[][] sequences = new int[data.sequences().length][];
    long[][] times = data.hasTimestamps() ? new long[sequences.length][] : null;
    for (int u = 0; u < sequences.length; u++) {
      int[] sequence = data.sequences()[u];
      IntList items = new IntList();
      LongList stamps = new LongList();
      for (int k = 0; k < sequence.length; k++) {
        if (held[sequence[k]]) continue;
        items.add(renumbered[sequence[k]]);
        if (times != null) stamps.add(data.timestamps()[u][k]);
      }
      sequences[u] = items.toArray();
      if (times != null) times[u] = stamps.toArray();
    }
    return new SequenceDataset(data.users(), IdMap.of(keptIds), sequences, times, data.source());
  }
}
