package io.genrec.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The only tests that load ONNX Runtime and the bundled models (a second or two each). */
class OnnxTextEncoderTest {

  @ParameterizedTest
  @EnumSource(BundledTextModel.class)
  void encodesToUnitVectorsWithRelatedTextsCloser(BundledTextModel model) {
    try (TextEncoder encoder = TextEncoders.open(model.modelName())) {
      assertEquals(model.modelName(), encoder.name());
      assertEquals("true", System.getProperty("OPT_OUT_TRACKING"));
      List<String> texts = List.of(
          "OPI Nail Lacquer, red nail polish",
          "Essie nail polish in bright coral",
          "Stainless steel garden hose nozzle");
      float[][] vectors = encoder.encode(texts);
      assertEquals(3, vectors.length);
      for (float[] vector : vectors) {
        assertEquals(BundledTextModel.DIM, vector.length);
        assertEquals(1.0, dot(vector, vector), 1e-4);
      }
      double related = dot(vectors[0], vectors[1]);
      // bge's and e5's spaces are compressed (unrelated pairs at 0.56 and 0.77 here, MiniLM's near 0),
      // so each model gets its own margin.
      double margin = switch (model) {
        case MINILM_L6 -> 0.2;
        case BGE_SMALL_EN_V15 -> 0.08;
        case E5_SMALL_V2 -> 0.03;
      };
      assertTrue(related > dot(vectors[0], vectors[2]) + margin, model + " related " + related);
      assertTrue(related > dot(vectors[1], vectors[2]) + margin, model + " related " + related);
      assertArrayEquals(vectors[2], encoder.encode(List.of(texts.get(2)))[0], 1e-5f, "a text's vector does not depend on its batch");
      IllegalArgumentException blank =
          assertThrows(IllegalArgumentException.class, () -> encoder.encode(List.of("a", " ")));
      assertTrue(blank.getMessage().contains("text 1"), blank.getMessage());
    }
  }

  @Test
  void theEncodersAreDifferentModels() {
    float[][] minilm;
    float[][] bge;
    float[][] e5;
    List<String> text = List.of("Essie nail polish in bright coral");
    try (TextEncoder encoder = TextEncoders.open("all-minilm-l6-v2-q")) {
      minilm = encoder.encode(text);
    }
    try (TextEncoder encoder = TextEncoders.open("bge-small-en-v1.5-q")) {
      bge = encoder.encode(text);
    }
    try (TextEncoder encoder = TextEncoders.open("e5-small-v2-q")) {
      e5 = encoder.encode(text);
    }
    assertTrue(Math.abs(dot(minilm[0], bge[0])) < 0.9 && Math.abs(dot(bge[0], e5[0])) < 0.9
        && Math.abs(dot(minilm[0], e5[0])) < 0.9, "three models, three spaces");
  }

  @Test
  void anUnknownNameListsTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TextEncoders.open("bert-base"));
    assertEquals("unknown text encoder 'bert-base'; known: all-minilm-l6-v2-q, bge-small-en-v1.5-q, e5-small-v2-q",
        e.getMessage());
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int t = 0; t < a.length; t++) sum += a[t] * b[t];
    return sum;
  }
}
