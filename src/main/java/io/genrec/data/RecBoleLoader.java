package io.genrec.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * RecBole atomic {@code .inter} files: a typed header such as
 * {@code user_id:token<TAB>item_id:token<TAB>timestamp:float} (any column order; other columns are
 * ignored), one interaction per row. With a timestamp the rows of each user are sorted by it
 * (stable, so ties keep file order); without one, file order is time order.
 *
 * <p>UniSRec's variant ({@code user_id:token<TAB>item_id_list:token_seq<TAB>item_id:token}) has
 * one row per prediction step, history then target; a user's sequence is rebuilt from all of
 * their rows (see {@link HistoryChain}), which is the longest history plus its target unless
 * histories were truncated.
 *
 * <p>{@link #load} takes a single file, or a directory / prefix of the pre-split layout
 * {@code NAME.train.inter}, {@code NAME.valid.inter}, {@code NAME.test.inter}, whose parts are
 * joined into one dataset; {@link GivenSplit} keeps them apart.
 */
public final class RecBoleLoader implements InteractionLoader {
  private static final Logger LOG = LogManager.getLogger(RecBoleLoader.class);
  private final IdOrder idOrder;

  public RecBoleLoader() {
    this(IdOrder.FIRST_SEEN);
  }

  public RecBoleLoader(IdOrder idOrder) {
    this.idOrder = idOrder;
  }

  /** A regular file loads as one file; anything else as a pre-split directory or prefix. */
  @Override
  public SequenceDataset load(Path path) throws IOException {
    return Files.isRegularFile(path) ? loadFile(path) : loadPreSplit(path);
  }

  public SequenceDataset loadFile(Path file) throws IOException {
    RecBoleHeader header = RecBoleHeader.read(file);
    SequenceAssembler assembler = new SequenceAssembler(!header.historyRows() && header.timed());
    RecBoleFile content = RecBoleFile.read(file, assembler, assembler.timed());
    fill(assembler, List.of(content));
    return assembler.build(file, idOrder).data();
  }

  /** All three parts of a pre-split dataset as one dataset (train, then valid, then test). */
  public SequenceDataset loadPreSplit(Path dirOrPrefix) throws IOException {
    return readParts(dirOrPrefix).assembled().data();
  }

  /** The three parts with one shared numbering, plus the joined dataset. */
  Parts readParts(Path dirOrPrefix) throws IOException {
    SplitFiles files = SplitFiles.locate(dirOrPrefix);
    RecBoleHeader trainHeader = RecBoleHeader.read(files.train());
    String[] names = {"valid", "test"};
    Path[] others = {files.valid(), files.test()};
    for (int i = 0; i < others.length; i++) {
      Path part = others[i];
      if (part == null) {
        LOG.warn("{}: no {} part beside {}; the split has no {} cases", dirOrPrefix, names[i],
            files.train().getFileName(), names[i]);
        continue;
      }
      if (RecBoleHeader.read(part).historyRows() != trainHeader.historyRows()) {
        throw new DataFormatException(
            part, 1, trainHeader.historyRows() ? "no item_id_list field" : "an item_id_list field",
            "the same layout as " + files.train().getFileName());
      }
    }
    SequenceAssembler assembler =
        new SequenceAssembler(!trainHeader.historyRows() && trainHeader.timed());
    RecBoleFile train = RecBoleFile.read(files.train(), assembler, assembler.timed());
    RecBoleFile valid = files.valid() == null ? RecBoleFile.empty(files.train(), trainHeader)
        : RecBoleFile.read(files.valid(), assembler, assembler.timed());
    RecBoleFile test = files.test() == null ? RecBoleFile.empty(files.train(), trainHeader)
        : RecBoleFile.read(files.test(), assembler, assembler.timed());
    fill(assembler, List.of(train, valid, test));
    return new Parts(files, train, valid, test, assembler.build(files.source(), idOrder));
  }

  private static void fill(SequenceAssembler assembler, List<RecBoleFile> parts) {
    if (parts.get(0).historyRows()) {
      for (List<HistoryRow> rows : rowsByUser(assembler.userCount(), parts)) {
        if (!rows.isEmpty()) assembler.setSequence(rows.get(0).user(), HistoryChain.join(rows));
      }
      return;
    }
    for (RecBoleFile part : parts) {
      for (int k = 0; k < part.users.size(); k++) {
        if (assembler.timed()) {
          assembler.append(part.users.get(k), part.items.get(k), part.times.get(k));
        } else {
          assembler.append(part.users.get(k), part.items.get(k));
        }
      }
    }
  }

  /** Element {@code u - 1} lists the rows of provisional user {@code u}, in file order. */
  static List<List<HistoryRow>> rowsByUser(int userCount, List<RecBoleFile> parts) {
    List<List<HistoryRow>> byUser = new ArrayList<>(userCount);
    for (int u = 0; u < userCount; u++) byUser.add(new ArrayList<>(4));
    for (RecBoleFile part : parts) {
      for (HistoryRow row : part.rows) byUser.get(row.user() - 1).add(row);
    }
    return byUser;
  }

  record Parts(
      SplitFiles files,
      RecBoleFile train,
      RecBoleFile valid,
      RecBoleFile test,
      SequenceAssembler.Assembled assembled) {}
}
