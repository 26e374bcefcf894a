package io.genrec.model.tiger;

import java.util.List;
import java.util.ArrayList;
import io.genrec.data.SplitDataset;
import io.genrec.data.EvalCase;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Run in a separate JVM by {@link TigerTest}: loads a TIGER SavedModel with nothing but its folder and
 * prints, per history, "ids | scores | codes" from {@code serving_default} (or, with user ids,
 * {@code serving_extended}).
 * Arguments: DIR K USER_IDS(comma-separated, or "-") then histories as comma-separated original ids.
 */
public final class TigerServeProbe {
  public static void main(String[] args) {
    int k = Integer.parseInt(args[1]);
    int b = args.length - 3;
    int width = 1;
    long[][] histories = new long[b][];
    for (int i = 0; i < b; i++) {
      String[] parts = args[i + 3].split(",");
      histories[i] = new long[parts.length];
      for (int j = 0; j < parts.length; j++) histories[i][j] = Long.parseLong(parts[j]);
      width = Math.max(width, parts.length);
    }
    long[] flat = new long[b * width];
    for (int i = 0; i < b; i++) {
      System.arraycopy(histories[i], 0, flat, i * width + width - histories[i].length, histories[i].length);
    }
    try (SavedModelBundle bundle = SavedModelBundle.load(args[0], "serve")) {
      Map<String, Tensor> inputs = new HashMap<>();
      inputs.put("history", TInt64.tensorOf(Shape.of(b, width), DataBuffers.of(flat, false, false)));
      inputs.put("k", TInt32.scalarOf(k));
      if (!args[2].equals("-")) {
        String[] users = args[2].split(",");
        long[] ids = new long[users.length];
        for (int i = 0; i < users.length; i++) ids[i] = Long.parseLong(users[i]);
        inputs.put("user_id", TInt64.vectorOf(ids));
      }
      String signature = inputs.containsKey("user_id") ? "serving_extended" : "serving_default";
      try (Result r = bundle.function(signature).call(inputs)) {
        TInt64 ids = (TInt64) r.get("top_k_ids").orElseThrow();
        TFloat32 scores = (TFloat32) r.get("top_k_scores").orElseThrow();
        TInt64 codes = (TInt64) r.get("top_k_codes").orElseThrow();
        int kk = (int) ids.shape().get(1);
        int levels = (int) codes.shape().get(2);
        for (int i = 0; i < b; i++) {
          StringBuilder sb = new StringBuilder();
          for (int j = 0; j < kk; j++) sb.append(j == 0 ? "" : " ").append(ids.getLong(i, j));
          sb.append(" |");
          for (int j = 0; j < kk; j++) sb.append(' ').append(scores.getFloat(i, j));
          sb.append(" |");
          for (int j = 0; j < kk; j++) {
            sb.append(' ');
            for (int l = 0; l < levels; l++) sb.append(l == 0 ? "" : ".").append(codes.getLong(i, j, l));
          }
          System.out.println(sb);
        }
      } finally {
        for (Tensor t : inputs.values()) t.close();
      }
    }
  }

  /** Each case's history as comma-separated original ids, TigerServeProbe's argument form. */
  public static List<String> histories(List<EvalCase> cases, SplitDataset split) {
    List<String> out = new ArrayList<>();
    for (EvalCase c : cases) {
      StringBuilder sb = new StringBuilder();
      for (int item : c.history()) sb.append(sb.length() == 0 ? "" : ",").append(split.data().items().original(item));
      out.add(sb.toString());
    }
    return out;
  }
}
