package io.genrec.tokenize;

import io.genrec.nn.Param;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * The RQ-VAE's parameters copied out of a session, by variable name: what a fitted tokenizer keeps
 * in memory, so it can code, save and export after its training graph (and training directory)
 * is gone.
 */
final class RqVaeWeights {
  /** One parameter: its variable name, shape and row-major values. */
  record Weight(String name, long[] shape, float[] values) {}

  private final Map<String, Weight> byName;

  private RqVaeWeights(Map<String, Weight> byName) {
    this.byName = Collections.unmodifiableMap(byName);
  }

  /** Reads the current value of every parameter in one run. */
  static RqVaeWeights read(Session session, List<Param> params) {
    Session.Runner runner = session.runner();
    for (Param param : params) runner.fetch(param.value());
    Map<String, Weight> weights = new LinkedHashMap<>();
    try (Result result = runner.run()) {
      for (int i = 0; i < params.size(); i++) {
        Param param = params.get(i);
        TFloat32 tensor = (TFloat32) result.get(i);
        float[] values = new float[Math.toIntExact(tensor.size())];
        tensor.copyTo(DataBuffers.of(values, false, false));
        weights.put(param.name(), new Weight(param.name(), param.shape().asArray(), values));
      }
    }
    return new RqVaeWeights(weights);
  }

  /** The values of parameter {@code name}; fails naming the known parameters when absent. */
  float[] values(String name) {
    return weight(name).values();
  }

  Weight weight(String name) {
    Weight weight = byName.get(name);
    if (weight == null) {
      throw new IllegalStateException("no RQ-VAE parameter " + name + "; have " + new ArrayList<>(byName.keySet()));
    }
    return weight;
  }
}
