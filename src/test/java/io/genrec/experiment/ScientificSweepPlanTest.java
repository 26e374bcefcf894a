package io.genrec.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.genrec.config.ConfigReader;
import io.genrec.model.catalog.ModelCatalog;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code genrec sweep configs/scientific} runs the Beauty+Sports pre-training before the fine-tunes that need it. */
class ScientificSweepPlanTest {
  @Test
  void preTrainingIsPlannedFirstAndFeedsEveryFineTune(@TempDir Path runs) {
    List<PlannedRun> plan = SweepPlan.read(Path.of("configs/scientific"), List.of(),
        new ConfigReader(ModelCatalog.INSTANCE), runs).runs();
    assertEquals(7, plan.size(), plan.stream().map(PlannedRun::name).toList().toString());
    List<String> experiments = plan.stream().map(r -> r.resolved().config().experiment()).toList();
    assertEquals(1, experiments.stream().filter("pretrain"::equals).count(), experiments.toString());
    int pre = experiments.indexOf("pretrain");
    PlannedRun preTraining = plan.get(pre);
    int fineTunes = 0;
    for (int i = 0; i < plan.size(); i++) {
      var initFrom = plan.get(i).resolved().config().initFrom();
      if (!initFrom.enabled()) continue;
      fineTunes++;
      assertTrue(i > pre, "fine-tune " + plan.get(i).name() + " is planned after the pre-training");
      assertEquals(preTraining.directory().path().toString(), initFrom.path());
    }
    assertEquals(4, fineTunes, "our codes and the released codes, each with random and learned permutations");
  }
}
