package io.genrec.train;

import io.genrec.serve.ServingModel;
import java.nio.file.Path;

/**
 * Run in a separate JVM by the export tests: loads a SavedModel with nothing but its folder and
 * prints each history's top-K ids, one line per history ("101 102 ..." or "B0A B0C ...").
 * Arguments: DIR K then histories as comma-separated original ids; ids go in as text, so the same
 * probe serves int64 and string-id models.
 */
public final class ServeProbe {
  public static void main(String[] args) {
    int k = Integer.parseInt(args[1]);
    String[][] histories = new String[args.length - 2][];
    for (int i = 2; i < args.length; i++) histories[i - 2] = args[i].split(",");
    try (ServingModel m = new ServingModel(Path.of(args[0]))) {
      ServingModel.TopIds top = m.recommend(histories, k);
      for (String[] row : top.ids()) System.out.println(String.join(" ", row));
    }
  }
}
