package io.genrec.tokenize;

import com.google.gson.JsonObject;
import io.genrec.config.ConfigReader;
import io.genrec.data.AtomicFile;
import io.genrec.train.RunOutputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a trained tokenizer's fit writes: {@code epochs.jsonl}, {@code checkpoints/} and
 * {@code metrics.json} under one directory (a tokenize run's {@code training/}).
 */
final class TokenizerRunOutputs implements RunOutputs {
  static final String EPOCHS = "epochs.jsonl";
  static final String METRICS = "metrics.json";

  private final Path dir;

  TokenizerRunOutputs(Path dir) {
    this.dir = dir;
  }

  @Override
  public Path directory() {
    return dir;
  }

  @Override
  public Path checkpointDir() {
    return dir.resolve("checkpoints");
  }

  /** Appends the line (as RunDirectory writes it) and forces it to disk: a crash loses at most the epoch in progress. */
  @Override
  public synchronized void epoch(JsonObject line) {
    byte[] bytes = (line.toString() + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      Files.createDirectories(dir);
      try (FileChannel channel = FileChannel.open(dir.resolve(EPOCHS),
          StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
        channel.write(ByteBuffer.wrap(bytes));
        channel.force(true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + dir.resolve(EPOCHS), e);
    }
  }

  @Override
  public synchronized void keepEpochs(int epochs) {
    Path file = dir.resolve(EPOCHS);
    if (!Files.exists(file)) return;
    try {
      List<String> lines = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) if (!line.isBlank()) lines.add(line);
      if (lines.size() <= epochs) return;
      StringBuilder kept = new StringBuilder();
      for (String line : lines.subList(0, epochs)) kept.append(line).append('\n');
      AtomicFile.writeText(file, kept.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rewrite " + file, e);
    }
  }

  @Override
  public void metrics(JsonObject metrics) {
    try {
      AtomicFile.writeText(dir.resolve(METRICS), ConfigReader.gson().toJson(metrics) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(METRICS), e);
    }
  }

  @Override
  public Path perUserCsv() {
    return dir.resolve("per_user.csv");
  }

  @Override
  public Path savedModelDir() {
    return dir.resolve("savedmodel");
  }
}
