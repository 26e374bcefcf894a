package io.genrec.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The S3-Rec / P5 sequence file: one user per line, {@code user item item ...}, separated by
 * spaces (tabs accepted), items already in time order. There are no timestamps. Blank lines are
 * skipped; a user line without items or a user appearing twice is an error, since either means
 * the file is not what the format promises.
 */
public final class SequenceFileLoader implements InteractionLoader {
  private final IdOrder idOrder;

  public SequenceFileLoader() {
    this(IdOrder.FIRST_SEEN);
  }

  public SequenceFileLoader(IdOrder idOrder) {
    this.idOrder = idOrder;
  }

  @Override
  public SequenceDataset load(Path file) throws IOException {
    SequenceAssembler assembler = new SequenceAssembler(false);
    IntList firstLine = new IntList(); // per provisional user, for the duplicate-user message
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int lineNumber = 0;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        int end = line.length();
        int start = skipSeparators(line, 0);
        if (start == end) continue;
        int stop = nextSeparator(line, start);
        String userId = line.substring(start, stop);
        int before = assembler.userCount();
        int user = assembler.user(userId);
        if (user <= before) {
          throw new DataFormatException(
              file, lineNumber, "user '" + userId + "' again (first on line "
                  + firstLine.get(user - 1) + ")", "one line per user");
        }
        firstLine.add(lineNumber);
        int itemCount = 0;
        for (start = skipSeparators(line, stop); start < end; start = skipSeparators(line, stop)) {
          // Manual scanning: a regex split per line costs more than the rest of the load.
          stop = nextSeparator(line, start);
          assembler.append(user, assembler.item(line.substring(start, stop)));
          itemCount++;
        }
        if (itemCount == 0) {
          throw new DataFormatException(
              file, lineNumber, "user '" + userId + "' with no items", "'user item item ...'");
        }
      }
    }
    if (assembler.userCount() == 0) {
      throw new DataFormatException(file, 1, "no user lines", "'user item item ...' lines");
    }
    return assembler.build(file, idOrder).data();
  }

  private static int skipSeparators(String line, int from) {
    int k = from;
    while (k < line.length() && isSeparator(line.charAt(k))) k++;
    return k;
  }

  private static int nextSeparator(String line, int from) {
    int k = from;
    while (k < line.length() && !isSeparator(line.charAt(k))) k++;
    return k;
  }

  private static boolean isSeparator(char c) {
    return c == ' ' || c == '\t';
  }
}
