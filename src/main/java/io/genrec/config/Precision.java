package io.genrec.config;

import com.google.gson.annotations.SerializedName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * The arithmetic a session runs its graph in. {@code bf16} turns on Grappler's oneDNN auto mixed
 * precision: matmuls and their neighbours run in bfloat16 (AMX / AVX-512 BF16 on CPUs that have them)
 * while variables, optimizer state and the ops TensorFlow lists as unsafe (softmax, reductions,
 * losses) stay float32. It lives in the session, not the graph, so one SavedModel serves in either.
 */
public enum Precision {
  @SerializedName("float32") FLOAT32,
  @SerializedName("bf16") BF16;

  private static final Logger LOG = LogManager.getLogger(Precision.class);
  private static volatile boolean warned;

  /** A session config with these thread counts (0 = TensorFlow's choice) in this precision. */
  public ConfigProto sessionConfig(int intraOpThreads, int interOpThreads) {
    ConfigProto.Builder config = ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(intraOpThreads)
        .setInterOpParallelismThreads(interOpThreads);
    if (this == BF16) {
      warnWithoutHardware();
      config.setGraphOptions(GraphOptions.newBuilder().setRewriteOptions(RewriterConfig.newBuilder()
          .setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON)));
    }
    return config.build();
  }

  /** The name configs and flags use. */
  public String key() {
    return this == BF16 ? "bf16" : "float32";
  }

  /** Parses a flag value; the error names what is allowed. */
  public static Precision parse(String flag, String value) {
    for (Precision p : values()) {
      if (p.key().equals(value)) return p;
    }
    throw new ConfigException(flag + ": expected float32 or bf16, got '" + value + "'");
  }

  /**
   * Without bfloat16 hardware oneDNN emulates it, slower than float32: worth one line, not an error
   * (the result is still correct). Only Linux says what the CPU has; elsewhere nothing is claimed.
   */
  private static void warnWithoutHardware() {
    if (warned) return;
    warned = true;
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (!Files.isReadable(cpuinfo)) return;
    try {
      Set<String> flags = new HashSet<>(Arrays.asList(Files.readString(cpuinfo).split("\\s+")));
      if (!flags.contains("avx512_bf16") && !flags.contains("amx_bf16")) {
        LOG.warn("precision bf16: this CPU has neither AVX-512 BF16 nor AMX; oneDNN emulates bfloat16 and "
            + "is likely slower than float32");
      }
    } catch (IOException e) {
      LOG.warn("precision bf16: could not read {} to check for bfloat16 hardware: {}", cpuinfo, e.toString());
    }
  }
}
