package io.genrec.experiment;

import io.genrec.config.ConfigException;
import io.genrec.config.ConfigReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order a sweep expands its config files in: the requested files in their sorted order, except
 * that every config a file {@linkplain SweepNeeds needs} comes before it (depth first, needs in the
 * order written). Needed files outside the requested ones are pulled in. A cycle, or a needed file
 * that does not exist, fails here, naming the files.
 */
final class SweepOrder {
  /**
   * One config file in the order.
   *
   * @param file the path to read it by (as found, or resolved from the needing file)
   * @param needs what it needs, in the order written
   * @param requested whether the sweep was asked for it (rather than pulled in as needed)
   */
  record Node(Path file, List<SweepNeeds.Need> needs, boolean requested) {
    Path key() {
      return file.toAbsolutePath().normalize();
    }
  }

  private final List<Node> nodes = new ArrayList<>();
  private final Map<Path, Node> done = new HashMap<>();
  private final Set<Path> requested = new HashSet<>();
  private final List<Path> visiting = new ArrayList<>();

  private SweepOrder() {}

  /** The files to expand, needed ones first. */
  static List<Node> of(List<Path> requestedFiles) {
    SweepOrder order = new SweepOrder();
    for (Path f : requestedFiles) order.requested.add(f.toAbsolutePath().normalize());
    for (Path f : requestedFiles) order.visit(f, null);
    return List.copyOf(order.nodes);
  }

  private void visit(Path file, SweepNeeds.Need via) {
    Path key = file.toAbsolutePath().normalize();
    if (done.containsKey(key)) return;
    int seen = visiting.indexOf(key);
    if (seen >= 0) {
      List<String> cycle = new ArrayList<>();
      for (Path p : visiting.subList(seen, visiting.size())) cycle.add(p.toString());
      cycle.add(key.toString());
      throw new ConfigException("needs cycle: " + String.join(" -> ", cycle)
          + " (a config cannot start from its own run)");
    }
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(visiting.get(visiting.size() - 1) + ": needs " + via.written()
          + ": no such config file (" + key + ")");
    }
    visiting.add(key);
    List<SweepNeeds.Need> needs = SweepNeeds.of(ConfigReader.parseFile(file), file);
    for (SweepNeeds.Need need : needs) visit(need.config(), need);
    visiting.remove(visiting.size() - 1);
    Node node = new Node(file, needs, requested.contains(key));
    done.put(key, node);
    nodes.add(node);
  }
}
