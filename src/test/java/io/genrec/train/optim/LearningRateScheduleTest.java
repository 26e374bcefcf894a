package io.genrec.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

  @Test
  void constant() {
    LearningRateSchedule s = LearningRateSchedule.parse("constant", 0.001, 10, 100, 0);
    assertEquals(0.001, s.at(0));
    assertEquals(0.001, s.at(10_000));
  }

  @Test
  void warmupThenInverseSqrt() {
    LearningRateSchedule s = LearningRateSchedule.parse("warmup_inverse_sqrt", 1e-3, 4, 0, 0);
    assertEquals(2.5e-4, s.at(0), 1e-15);
    assertEquals(7.5e-4, s.at(2), 1e-15);
    assertEquals(1e-3, s.at(3), 1e-15);
    assertEquals(5e-4, s.at(15), 1e-15);     // 1e-3 · sqrt(4/16)
    assertEquals(1e-4, s.at(399), 1e-15);    // 1e-3 · sqrt(4/400)
    LearningRateSchedule noWarmup = new LearningRateSchedule.WarmupInverseSqrt(1.0, 0);
    assertEquals(1.0, noWarmup.at(0), 1e-15);
    assertEquals(0.5, noWarmup.at(3), 1e-15);
  }

  @Test
  void warmupThenCosineToAFloor() {
    LearningRateSchedule s = LearningRateSchedule.parse("Cosine", 1.0, 2, 12, 0.1);
    assertInstanceOf(LearningRateSchedule.WarmupCosine.class, s);
    assertEquals(0.5, s.at(0), 1e-15);
    assertEquals(1.0, s.at(1), 1e-15);
    assertEquals(1.0, s.at(2), 1e-15);
    assertEquals(0.55, s.at(7), 1e-12);      // halfway: floor + (peak − floor)/2
    assertEquals(0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * 0.2)), s.at(4), 1e-12);   // progress 2/10
    assertEquals(0.1, s.at(12), 1e-12);
    assertEquals(0.1, s.at(1000), 1e-12);
  }

  @Test
  void unknownNamesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.parse("linear", 1, 0, 0, 0));
  }
}
