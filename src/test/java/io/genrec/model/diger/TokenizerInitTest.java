package io.genrec.model.diger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** model.tokenizer_init names a `genrec tokenize` output directory (as the configs do) or the tokenizer itself. */
class TokenizerInitTest {
  @TempDir Path dir;

  @Test
  void aTokenizeOutputDirectoryResolvesToItsTokenizerAndATokenizerToItself() throws Exception {
    Path out = Files.createDirectories(dir.resolve("beauty-rqvae"));
    Path tokenizer = Files.createDirectories(out.resolve("tokenizer"));
    Files.writeString(tokenizer.resolve("tokenizer.json"), "{}");
    assertEquals(tokenizer, Diger.tokenizerDir(out));
    assertEquals(tokenizer, Diger.tokenizerDir(tokenizer));
    Path missing = dir.resolve("nothing-here");
    assertEquals(missing, Diger.tokenizerDir(missing));
  }
}
