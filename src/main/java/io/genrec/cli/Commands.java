package io.genrec.cli;

import java.util.List;
import java.util.Optional;

/** The one place commands are registered; {@code genrec help} lists them in this order. */
public final class Commands {
  private Commands() {}

  public static List<Command> all() {
    return List.of(
        new DataCommand(), new EmbedCommand(), new TokenizeCommand(), new ConfigCommand(), new RunCommand(), new SweepCommand(),
        new TableCommand(), new ChartCommand(), new PlotCommand(), new ExportCommand(), new ItemsCommand(), new ServeCommand());
  }

  public static Optional<Command> find(String name) {
    return all().stream().filter(c -> c.name().equals(name)).findFirst();
  }
}
