package io.genrec.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProvenanceTest {
  @Test
  void liveSourcesReportTensorFlowAndGitOfThisMachine() {
    Provenance.Sources live = Provenance.Sources.live();
    String tf = live.tensorflowVersion().get();
    assertTrue(tf.matches("\\d+\\.\\d+.*"), tf);
    Provenance.Git git = live.git().get();
    // Built from a checkout: a full commit id; from a source tarball: unknown, recorded as null.
    assertTrue(git.equals(Provenance.Git.UNKNOWN) || (git.commit().matches("[0-9a-f]{40}") && git.dirty() != null),
        git.toString());
  }

  @Test
  void finishKeepsTheStartAndAddsEndAndStatus() {
    var config = TestRuns.READER.resolve(com.google.gson.JsonParser.parseString(
        "{\"experiment\":\"x\",\"seed\":9,\"data\":{\"path\":\"d.txt\"},\"model\":{\"name\":\"sasrec\"}}")
        .getAsJsonObject()).config();
    Provenance started = Provenance.start(config, List.of("genrec", "run"), 3,
        TestRuns.sources(java.util.Map.of("SLURM_ARRAY_JOB_ID", "5", "SLURM_ARRAY_TASK_ID", "1", "PATH", "/bin")));
    JsonObject s = started.toJson();
    assertEquals("running", s.get("status").getAsString());
    assertTrue(s.get("end").isJsonNull());
    assertEquals(3, s.get("attempt").getAsInt());
    assertEquals(9, s.get("seed").getAsInt());
    assertEquals("{\"SLURM_ARRAY_JOB_ID\":\"5\",\"SLURM_ARRAY_TASK_ID\":\"1\"}", s.get("slurm").toString(),
        "only the SLURM ids, never the rest of the environment");
    JsonObject f = started.finish("failed", java.time.Clock.systemUTC()).toJson();
    assertEquals(s.get("start"), f.get("start"));
    assertEquals("failed", f.get("status").getAsString());
    assertNotNull(f.get("end").getAsString());
  }
}
