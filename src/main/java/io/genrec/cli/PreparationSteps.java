package io.genrec.cli;

import com.google.gson.JsonObject;
import io.genrec.config.ConfigReader;
import io.genrec.experiment.PreparationStep;
import io.genrec.experiment.StepBody;
import io.genrec.tokenize.Tokenization;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;

/**
 * A sweep's preparation steps, run by the commands a user would type: a tokenize step is
 * {@code genrec tokenize FILE --set KEY=VALUE...} (the keys its needs set), an embed step
 * {@code genrec embed --items ... --out ...}. So a step behaves as that command does (resuming a
 * fit, refusing an out fitted under another config), and its report is the command's own.
 */
final class PreparationSteps implements StepBody {
  private final Command tokenize;
  private final Command embed;

  PreparationSteps(PrintStream out) {
    this(new TokenizeCommand(out), new EmbedCommand(io.genrec.embed.TextEncoders::open, out));
  }

  /** @param tokenize runs {@code genrec tokenize}; @param embed runs {@code genrec embed} (tests pass fakes) */
  PreparationSteps(Command tokenize, Command embed) {
    this.tokenize = tokenize;
    this.embed = embed;
  }

  @Override
  public JsonObject execute(PreparationStep step, boolean force) throws Exception {
    List<String> args = new ArrayList<>();
    Command command;
    if (step.kind() == PreparationStep.Kind.TOKENIZE) {
      command = tokenize;
      args.add(step.source().toString());
      for (var o : step.injected()) {
        args.add("--set");
        args.add(o.path() + "=" + o.value().toString());
      }
      if (force) args.add("--force");
    } else {
      command = embed;
      args.addAll(step.embedArguments());
    }
    CommandLine line = new DefaultParser().parse(command.options(), args.toArray(String[]::new));
    int code = command.run(line);
    if (code != ExitCode.OK) {
      throw new IllegalStateException("genrec " + command.name() + " " + String.join(" ", args) + " exited with " + code);
    }
    Path report = step.kind() == PreparationStep.Kind.TOKENIZE
        ? step.output().resolveSibling(Tokenization.REPORT_FILE)
        : sidecar(step.output());
    JsonObject out = Files.isRegularFile(report) ? ConfigReader.parseFile(report) : new JsonObject();
    out.addProperty("step", step.kind().word());
    out.addProperty("output", step.outputValue());
    return out;
  }

  private static Path sidecar(Path npy) {
    String name = npy.getFileName().toString();
    return npy.resolveSibling(name.substring(0, name.length() - ".npy".length()) + ".json");
  }
}
