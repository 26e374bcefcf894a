package io.genrec.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.config.ConfigException;
import io.genrec.config.DataConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceConcatenationTest {
  @TempDir Path dir;

  /** Two shops whose original item ids overlap ("1" and "2" are in both). */
  private DataConfig twoSources(DataConfig.Split secondSplit) throws IOException {
    Path a = Fixtures.write(dir, "beauty.txt", "a1 1 2 3 4\na2 2 3 4\na3 4 3 2 1\n");
    Path b = Fixtures.write(dir, "sports.txt", "b1 9 1 2\nb2 1 2 9 1\n");
    DataConfig d = DataConfig.defaults();
    DataConfig beauty = new DataConfig(a.toString(), "beauty", d.format(), d.split(), d.timeQuantile(),
        d.maxLength(), d.userColumn(), d.itemColumn(), d.timeColumn(), "");
    DataConfig sports = new DataConfig(b.toString(), "sports", d.format(), secondSplit, d.timeQuantile(),
        d.maxLength(), d.userColumn(), d.itemColumn(), d.timeColumn(), "");
    return new DataConfig("", "", d.format(), d.split(), d.timeQuantile(), d.maxLength(), d.userColumn(),
        d.itemColumn(), d.timeColumn(), "", List.of(beauty, sports));
  }

  @Test
  void sourcesKeepTheirItemsAndUsersApartBehindOffsets() throws IOException {
    DataConfig config = twoSources(DataConfig.Split.LEAVE_ONE_OUT);
    SplitDataset joined = Datasets.loadSplit(config);
    SplitDataset beauty = Datasets.loadSplit(config.sources().get(0));
    SplitDataset sports = Datasets.loadSplit(config.sources().get(1));

    DataSource first = joined.sources().get(0);
    DataSource second = joined.sources().get(1);
    assertEquals(List.of("beauty", "sports"), joined.sourceNames());
    assertEquals(List.of(1, 4, 1, 3), List.of(first.firstItem(), first.itemCount(), first.firstUser(), first.userCount()));
    assertEquals(List.of(5, 3, 4, 2), List.of(second.firstItem(), second.itemCount(), second.firstUser(), second.userCount()));
    assertEquals(7, joined.data().items().size());
    assertEquals(5, joined.data().users().size());
    // The same original id in two sources is two items.
    assertEquals("1", first.originalItem(first.denseItem("1")));
    assertEquals("1", second.originalItem(second.denseItem("1")));
    assertTrue(first.denseItem("1") != second.denseItem("1"));
    assertEquals("sports" + SourceConcatenation.SEPARATOR + "1", joined.data().items().original(second.denseItem("1")));

    // Each source's sequences and cases are its own split, moved up by the offsets.
    for (int u = 1; u <= 3; u++) assertArrayEquals(beauty.trainSequence(u), joined.trainSequence(u));
    for (int u = 1; u <= 2; u++) {
      int[] expected = sports.trainSequence(u).clone();
      for (int k = 0; k < expected.length; k++) expected[k] += 4;
      assertArrayEquals(expected, joined.trainSequence(u + 3));
      assertEquals(1, joined.sourceOfUser(u + 3));
    }
    assertEquals(beauty.test().size() + sports.test().size(), joined.test().size());
    for (EvalCase c : joined.test()) {
      DataSource s = joined.sources().get(c.source());
      assertTrue(s.holdsUser(c.user()), c.toString());
      for (int item : c.targets()) assertTrue(s.holdsItem(item), c.toString());
      for (int item : c.history()) assertTrue(s.holdsItem(item), c.toString());
    }
    EvalCase lastOfSports = joined.test().get(joined.test().size() - 1);
    EvalCase alone = sports.test().get(sports.test().size() - 1);
    assertEquals(new EvalCase(alone.user() + 3, shift(alone.history(), 4), shift(alone.targets(), 4), 1), lastOfSports);
  }

  private static int[] shift(int[] ids, int by) {
    int[] out = ids.clone();
    for (int k = 0; k < out.length; k++) out[k] += by;
    return out;
  }

  @Test
  void oneDatasetLoadsExactlyAsBeforeAndNamesItsSource() throws IOException {
    DataConfig beauty = twoSources(DataConfig.Split.LEAVE_ONE_OUT).sources().get(0);
    SplitDataset direct = Datasets.split(Datasets.load(beauty), beauty);
    SplitDataset split = Datasets.loadSplit(beauty);
    assertEquals(direct.valid(), split.valid());
    assertEquals(direct.test(), split.test());
    for (int u = 1; u <= 3; u++) assertArrayEquals(direct.trainSequence(u), split.trainSequence(u));
    assertEquals(List.of("beauty"), split.sourceNames());
    assertEquals(direct.data().items(), split.sources().get(0).items());
  }

  @Test
  void aSourceMayHoldNothingOut() throws IOException {
    SplitDataset joined = Datasets.loadSplit(twoSources(DataConfig.Split.NONE));
    assertTrue(joined.valid().stream().allMatch(c -> c.source() == 0));
    assertTrue(joined.test().stream().allMatch(c -> c.source() == 0));
    assertEquals(4, joined.data().sequence(5).length);
    assertArrayEquals(joined.data().sequence(5), joined.trainSequence(5), "split none: the whole sequence trains");
  }

  @Test
  void runIdFilesMapEveryDenseIdBackToItsSource() throws IOException {
    SplitDataset joined = Datasets.loadSplit(twoSources(DataConfig.Split.LEAVE_ONE_OUT));
    Path run = dir.resolve("run");
    SourceIdFile.writeRunIds(joined, run);
    List<SourceIdFile.Entry> items = SourceIdFile.load(run.resolve(SourceIdFile.ITEMS));
    List<SourceIdFile.Entry> users = SourceIdFile.load(run.resolve(SourceIdFile.USERS));
    assertEquals(7, items.size());
    assertEquals(5, users.size());
    for (int dense = 1; dense <= items.size(); dense++) {
      SourceIdFile.Entry e = items.get(dense - 1);
      DataSource s = joined.sources().get(joined.sourceNames().indexOf(e.source()));
      assertEquals(dense, s.denseItem(e.original()), e.toString());
    }
    assertEquals(new SourceIdFile.Entry("sports", "b2"), users.get(4));

    // One dataset keeps the two-column layout IdMap.load reads.
    SplitDataset one = Datasets.loadSplit(twoSources(DataConfig.Split.LEAVE_ONE_OUT).sources().get(1));
    SourceIdFile.writeRunIds(one, dir.resolve("single"));
    assertEquals(one.data().items(), IdMap.load(dir.resolve("single").resolve(SourceIdFile.ITEMS)));
  }

  @Test
  void commandsThatReadOneDatasetRefuseSources() throws IOException {
    DataConfig config = twoSources(DataConfig.Split.LEAVE_ONE_OUT);
    ConfigException e = assertThrows(ConfigException.class, () -> Datasets.load(config));
    assertTrue(e.getMessage().startsWith("data.sources: this command reads one dataset"), e.getMessage());
  }
}
