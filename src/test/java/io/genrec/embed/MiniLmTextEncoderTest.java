package io.genrec.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The only test that loads ONNX Runtime and the model (about a second). */
class MiniLmTextEncoderTest {

  @Test
  void encodesToUnitVectorsWithRelatedTextsCloser() {
    try (TextEncoder encoder = TextEncoders.open(MiniLmTextEncoder.NAME)) {
      assertEquals("true", System.getProperty("OPT_OUT_TRACKING"));
      float[][] vectors =
          encoder.encode(
              List.of(
                  "OPI Nail Lacquer, red nail polish",
                  "Essie nail polish in bright coral",
                  "Stainless steel garden hose nozzle"));
      assertEquals(3, vectors.length);
      for (float[] vector : vectors) {
        assertEquals(384, vector.length);
        assertEquals(1.0, dot(vector, vector), 1e-4);
      }
      double related = dot(vectors[0], vectors[1]);
      assertTrue(related > dot(vectors[0], vectors[2]) + 0.2, "related " + related);
      assertTrue(related > dot(vectors[1], vectors[2]) + 0.2, "related " + related);
      IllegalArgumentException blank =
          assertThrows(IllegalArgumentException.class, () -> encoder.encode(List.of("a", " ")));
      assertTrue(blank.getMessage().contains("text 1"), blank.getMessage());
    }
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int t = 0; t < a.length; t++) sum += a[t] * b[t];
    return sum;
  }
}
