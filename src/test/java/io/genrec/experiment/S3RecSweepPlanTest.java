package io.genrec.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.genrec.config.ConfigReader;
import io.genrec.model.catalog.ModelCatalog;
import io.genrec.model.s3rec.S3RecConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code genrec sweep configs/<dataset>/s3rec} plans the pre-training before the fine-tune, which
 * starts from its run directory; the pre-training run sits in its own experiment, so the dataset's
 * results table holds the fine-tuned model only.
 */
class S3RecSweepPlanTest {
  @ParameterizedTest
  @ValueSource(strings = {"beauty", "sports"})
  void preTrainingIsPlannedFirstAndFeedsTheFineTune(String dataset, @TempDir Path runs) {
    List<PlannedRun> plan = SweepPlan.read(Path.of("configs", dataset, "s3rec"), List.of(),
        new ConfigReader(ModelCatalog.INSTANCE), runs).runs();
    assertEquals(2, plan.size(), plan.stream().map(PlannedRun::name).toList().toString());
    var pre = plan.get(0).resolved().config();
    var fine = plan.get(1).resolved().config();
    assertEquals(S3RecConfig.Objective.PRETRAIN, ((S3RecConfig) pre.model()).objective());
    assertFalse(pre.initFrom().enabled());
    assertEquals(S3RecConfig.Objective.FINETUNE, ((S3RecConfig) fine.model()).objective());
    assertEquals(plan.get(0).directory().path().toString(), fine.initFrom().path());
    assertEquals("pretrain", pre.experiment());
    assertEquals(dataset, fine.experiment());
  }
}
