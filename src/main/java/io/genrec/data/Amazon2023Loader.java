package io.genrec.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Amazon Reviews 2023 CSVs (see {@link Amazon2023CsvFile}): one file ({@code rating_only}, or any
 * one benchmark part) as all its interactions, or a benchmark split's prefix / directory
 * ({@link SplitFiles#AMAZON2023}) as its train, valid and test rows joined; {@link Amazon2023Split} keeps
 * the parts apart. Each user's items are in time order (stable: ties keep file order, train first).
 */
public final class Amazon2023Loader implements InteractionLoader {
  private final IdOrder idOrder;

  public Amazon2023Loader(IdOrder idOrder) {
    this.idOrder = idOrder;
  }

  @Override
  public SequenceDataset load(Path path) throws IOException {
    if (Files.isRegularFile(path)) {
      SequenceAssembler assembler = new SequenceAssembler(true);
      fill(assembler, List.of(Amazon2023CsvFile.read(path, assembler)));
      return assembler.build(path, idOrder).data();
    }
    return readParts(path).assembled().data();
  }

  /** The parts with one shared numbering (train, valid, test read in that order), plus the joined dataset. */
  Parts readParts(Path dirOrPrefix) throws IOException {
    SplitFiles files = SplitFiles.locate(dirOrPrefix,
        SplitFiles.present(dirOrPrefix, SplitFiles.AMAZON2023) || !SplitFiles.present(dirOrPrefix, SplitFiles.AMAZON2023_GZ)
            ? SplitFiles.AMAZON2023 : SplitFiles.AMAZON2023_GZ);
    SequenceAssembler assembler = new SequenceAssembler(true);
    List<Amazon2023CsvFile> parts = new ArrayList<>(3);
    for (Path part : new Path[] {files.train(), files.valid(), files.test()}) {
      parts.add(part == null ? null : Amazon2023CsvFile.read(part, assembler));
    }
    fill(assembler, parts);
    return new Parts(parts.get(0), parts.get(1), parts.get(2), assembler.build(files.source(), idOrder));
  }

  private static void fill(SequenceAssembler assembler, List<Amazon2023CsvFile> parts) {
    for (Amazon2023CsvFile part : parts) {
      if (part == null) continue;
      for (int k = 0; k < part.size(); k++) assembler.append(part.users.get(k), part.items.get(k), part.times.get(k));
    }
  }

  /** @param valid null when the split has no valid part; likewise {@code test} */
  record Parts(Amazon2023CsvFile train, Amazon2023CsvFile valid, Amazon2023CsvFile test,
      SequenceAssembler.Assembled assembled) {}
}
