package io.genrec.train;

import io.genrec.serve.ServingModel;
import java.nio.file.Path;

/**
 * Run in a separate JVM by the export test: loads a SavedModel with nothing but its folder and
 * prints each history's top-K ids, one line per history ("101 102 ...").
 * Arguments: DIR K then histories as comma-separated original ids.
 */
public final class ServeProbe {
  public static void main(String[] args) {
    int k = Integer.parseInt(args[1]);
    long[][] histories = new long[args.length - 2][];
    for (int i = 2; i < args.length; i++) {
      String[] parts = args[i].split(",");
      histories[i - 2] = new long[parts.length];
      for (int j = 0; j < parts.length; j++) histories[i - 2][j] = Long.parseLong(parts[j]);
    }
    try (ServingModel m = new ServingModel(Path.of(args[0]))) {
      ServingModel.TopK top = m.recommend(histories, k);
      for (long[] row : top.ids()) {
        StringBuilder sb = new StringBuilder();
        for (long id : row) sb.append(sb.length() == 0 ? "" : " ").append(id);
        System.out.println(sb);
      }
    }
  }
}
