package io.genrec.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds where a file stops being UTF-8, for an error message that can point at the line. */
final class Utf8Scan {
  private Utf8Scan() {}

  /** The 1-based line holding the first byte that is not UTF-8, or 0 when none is found (or the file cannot be read). */
  static long firstBadLine(Path file) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    byte[] chunk = new byte[1 << 16];
    ByteBuffer in = ByteBuffer.allocate(chunk.length + 8);
    CharBuffer out = CharBuffer.allocate(chunk.length + 8);
    long line = 1;
    try (InputStream stream = Files.newInputStream(file)) {
      for (int n = stream.read(chunk); ; n = stream.read(chunk)) {
        boolean end = n < 0;
        if (!end) in.put(chunk, 0, n);
        in.flip();
        while (true) {
          int start = in.position();
          CoderResult r = decoder.decode(in, out, end);
          for (int i = start; i < in.position(); i++) if (in.get(i) == '\n') line++;
          if (r.isError()) return line;
          out.clear();
          if (r.isUnderflow()) break;
        }
        in.compact();
        if (end) return 0;
      }
    } catch (IOException unreadable) {
      return 0; // the caller's own error names the file; a line is a bonus
    }
  }
}
