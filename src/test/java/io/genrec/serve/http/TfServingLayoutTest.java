package io.genrec.serve.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BASE/NAME/VERSION/saved_model.pb: what counts as a version, and publishing one whole. */
class TfServingLayoutTest {
  @TempDir Path base;

  private Path fakeVersion(String model, String version) throws IOException {
    Path dir = Files.createDirectories(base.resolve(model).resolve(version));
    Files.writeString(dir.resolve(TfServingLayout.SAVED_MODEL), "pb");
    return dir;
  }

  @Test
  void onlyNumberedDirectoriesWithASavedModelAreVersions() throws IOException {
    fakeVersion("sasrec", "1");
    fakeVersion("sasrec", "12");
    fakeVersion("sasrec", "latest");
    fakeVersion("sasrec", ".3.partial-1");
    Files.createDirectories(base.resolve("sasrec").resolve("20"));  // being written: no saved_model.pb yet
    fakeVersion(".hidden", "1");
    Files.createDirectories(base.resolve("empty"));
    Map<String, ?> models = TfServingLayout.models(base);
    assertEquals(List.of("sasrec"), List.copyOf(models.keySet()));
    assertEquals(List.of(1L, 12L), List.copyOf(TfServingLayout.versions(base.resolve("sasrec")).keySet()));
    assertEquals(21, TfServingLayout.nextVersion(base.resolve("sasrec")), "above every numbered directory");
    assertEquals(1, TfServingLayout.nextVersion(base.resolve("none")));
  }

  @Test
  void publishingWritesAWholeVersionOrNothing() throws IOException {
    Path model = base.resolve("m");
    Path v1 = TfServingLayout.publish(model, 1, dir -> {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(TfServingLayout.SAVED_MODEL), "pb");
    });
    assertEquals(model.resolve("1"), v1);
    assertTrue(Files.isRegularFile(v1.resolve(TfServingLayout.SAVED_MODEL)));
    assertThrows(FileAlreadyExistsException.class, () -> TfServingLayout.publish(model, 1, dir -> {}));
    assertThrows(IOException.class, () -> TfServingLayout.publish(model, 2, dir -> {
      Files.createDirectories(dir);
      throw new IOException("export failed half way");
    }));
    assertFalse(Files.exists(model.resolve("2")));
    try (Stream<Path> left = Files.list(model)) {
      assertEquals(List.of(model.resolve("1")), left.toList(), "no partial directory left behind");
    }
  }

  @Test
  void aSingleSavedModelIsVersionOneAndAVersionedDirectoryItsVersions() throws IOException {
    Path bare = Files.createDirectories(base.resolve("bare"));
    Files.writeString(bare.resolve(TfServingLayout.SAVED_MODEL), "pb");
    assertEquals(Map.of("x", Map.of(1L, bare)), ModelRoot.single("x", bare).scan());
    fakeVersion("versioned", "4");
    assertEquals(List.of(4L), List.copyOf(ModelRoot.single("y", base.resolve("versioned")).scan().get("y").keySet()));
    assertThrows(IllegalArgumentException.class, () -> ModelRoot.base(base.resolve("missing")));
  }
}
