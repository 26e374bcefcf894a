package io.genrec.embed;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A {@link BundledTextModel} (all-MiniLM-L6-v2, bge-small-en-v1.5 or e5-small-v2, int8-quantized,
 * 384-d), pooled as its card says and L2-normalised, run in-process by ONNX Runtime from the model
 * bundled in langchain4j's jar. No network access.
 *
 * <p>Speed (measured, 2 cores, see shared notes/embeddings.md): two Java threads each running one
 * ONNX call with one intra-op thread is about twice as fast as langchain4j's stock class, whose
 * sessions use several intra-op threads per call and oversubscribe the cores. The stock class
 * cannot set ONNX threads, hence this subclass-based wrapper around {@link OnnxBertBiEncoder}.
 */
public final class OnnxTextEncoder implements TextEncoder {
  private static final int DIM = BundledTextModel.DIM;
  private static final int BATCH = 512;
  private static final Logger LOG = LogManager.getLogger(OnnxTextEncoder.class);

  private final BundledTextModel bundled;

  private final OrtSession.SessionOptions options;
  private final OrtSession session;
  private final ExecutorService executor;
  private final Model model;

  /** langchain4j's model base class with our session and executor in place of its defaults. */
  private static final class Model extends AbstractInProcessEmbeddingModel {
    private final OnnxBertBiEncoder encoder;

    Model(Executor executor, OnnxBertBiEncoder encoder) {
      super(executor);
      this.encoder = encoder;
    }

    @Override
    protected OnnxBertBiEncoder model() {
      return encoder;
    }

    @Override
    protected Integer knownDimension() {
      return DIM;
    }
  }

  /** Two Java threads, one ONNX intra-op thread each: the fastest setting measured on two cores. */
  public OnnxTextEncoder(BundledTextModel bundled) {
    this(bundled, 2);
  }

  public OnnxTextEncoder(BundledTextModel bundled, int threads) {
    if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    this.bundled = bundled;
    OfflineMode.apply();
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    byte[] onnx = resource(bundled.onnxResource());
    try {
      options = new OrtSession.SessionOptions();
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      session = environment.createSession(onnx, options);
    } catch (OrtException e) {
      throw new IllegalStateException("cannot start ONNX Runtime for " + bundled.modelName(), e);
    }
    OnnxBertBiEncoder encoder;
    try (InputStream tokenizer = stream(bundled.tokenizerResource())) {
      encoder = new OnnxBertBiEncoder(environment, session, tokenizer, bundled.pooling());
    } catch (IOException e) {
      closeSession();
      throw new UncheckedIOException("cannot read " + bundled.tokenizerResource(), e);
    }
    executor =
        Executors.newFixedThreadPool(
            threads,
            task -> {
              Thread thread = new Thread(task, "genrec-text-encoder");
              thread.setDaemon(true);
              return thread;
            });
    model = new Model(executor, encoder);
  }

  @Override
  public String name() {
    return bundled.modelName();
  }

  @Override
  public int dim() {
    return DIM;
  }

  @Override
  public float[][] encode(List<String> texts) {
    for (int i = 0; i < texts.size(); i++) {
      if (texts.get(i) == null || texts.get(i).isBlank()) {
        throw new IllegalArgumentException("text " + i + " of " + texts.size() + " is blank");
      }
    }
    float[][] vectors = new float[texts.size()][];
    long start = System.nanoTime();
    long lastLog = start;
    for (int from = 0; from < texts.size(); from += BATCH) {
      int to = Math.min(texts.size(), from + BATCH);
      List<TextSegment> segments = new ArrayList<>(to - from);
      for (String text : texts.subList(from, to)) segments.add(TextSegment.from(bundled.prefix() + text));
      List<Embedding> embeddings = model.embedAll(segments).content();
      for (int i = 0; i < embeddings.size(); i++) {
        float[] vector = embeddings.get(i).vector();
        if (vector.length != DIM) {
          throw new IllegalStateException(name() + " returned " + vector.length + " values, expected " + DIM);
        }
        vectors[from + i] = vector;
      }
      long now = System.nanoTime();
      if (now - lastLog > 10_000_000_000L && to < texts.size()) {
        LOG.info(
            String.format(
                Locale.ROOT, "encoded %d/%d texts (%.0f/s)", to, texts.size(), to / ((now - start) / 1e9)));
        lastLog = now;
      }
    }
    return vectors;
  }

  @Override
  public void close() {
    executor.shutdownNow();
    closeSession();
  }

  private void closeSession() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close the ONNX session of " + name(), e);
    } finally {
      options.close();
    }
  }

  private InputStream stream(String name) {
    InputStream in = OnnxTextEncoder.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException(name + " is not on the classpath: is " + bundled.artifact() + " there?");
    }
    return in;
  }

  private byte[] resource(String name) {
    try (InputStream in = stream(name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }
}
