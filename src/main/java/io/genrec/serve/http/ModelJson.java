package io.genrec.serve.http;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;

/**
 * TF Serving's JSON for model status, model metadata and errors, field for field (its protobuf
 * JSON: int64 as strings, enum names, every field printed), so its clients parse ours.
 */
final class ModelJson {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  private ModelJson() {}

  /** {@code GET /v1/models/NAME}: {"model_version_status": [{"version", "state", "status"}]}. */
  static byte[] status(List<ModelRegistry.VersionState> versions) {
    JsonArray list = new JsonArray();
    for (ModelRegistry.VersionState v : versions) {
      JsonObject status = new JsonObject();
      status.addProperty("error_code", v.errorCode());
      status.addProperty("error_message", v.errorMessage());
      JsonObject line = new JsonObject();
      line.addProperty("version", Long.toString(v.version()));
      line.addProperty("state", v.state());
      line.add("status", status);
      list.add(line);
    }
    JsonObject o = new JsonObject();
    o.add("model_version_status", list);
    return bytes(o);
  }

  /** {@code GET /v1/models/NAME/metadata}: the model spec and every signature's inputs and outputs. */
  static byte[] metadata(ServedVersion v) {
    JsonObject spec = new JsonObject();
    spec.addProperty("name", v.model());
    spec.addProperty("signature_name", "");
    spec.addProperty("version", Long.toString(v.version()));
    JsonObject defs = new JsonObject();
    for (ServedSignature s : v.loaded().signatures().values()) defs.add(s.name(), signature(s.signature()));
    JsonObject inner = new JsonObject();
    inner.add("signature_def", defs);
    JsonObject metadata = new JsonObject();
    metadata.add("signature_def", inner);
    JsonObject o = new JsonObject();
    o.add("model_spec", spec);
    o.add("metadata", metadata);
    return bytes(o);
  }

  private static JsonObject signature(Signature s) {
    JsonObject o = new JsonObject();
    o.add("inputs", tensors(s.getInputs()));
    o.add("outputs", tensors(s.getOutputs()));
    o.addProperty("method_name", s.methodName() == null ? "" : s.methodName());  // "" as protobuf prints it
    return o;
  }

  private static JsonObject tensors(Map<String, Signature.TensorDescription> tensors) {
    JsonObject o = new JsonObject();
    tensors.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      Signature.TensorDescription t = e.getValue();
      JsonObject info = new JsonObject();
      info.addProperty("dtype", t.dataType.name());
      info.add("tensor_shape", shape(t.shape));
      info.addProperty("name", t.name);
      o.add(e.getKey(), info);
    });
    return o;
  }

  private static JsonObject shape(Shape shape) {
    JsonObject o = new JsonObject();
    JsonArray dims = new JsonArray();
    boolean unknown = shape == null || shape.isUnknown();
    if (!unknown) {
      for (int d = 0; d < shape.numDimensions(); d++) {
        JsonObject dim = new JsonObject();
        dim.addProperty("size", Long.toString(shape.get(d)));
        dim.addProperty("name", "");
        dims.add(dim);
      }
    }
    o.add("dim", dims);
    o.addProperty("unknown_rank", unknown);
    return o;
  }

  static byte[] error(String message) {
    JsonObject o = new JsonObject();
    o.addProperty("error", message);
    return bytes(o);
  }

  private static byte[] bytes(JsonObject o) {
    return GSON.toJson(o).getBytes(StandardCharsets.UTF_8);
  }
}
