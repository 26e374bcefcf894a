package io.genrec.serve.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Both TF Serving request formats read into the same users, and every bad request named precisely. */
class PredictRequestReaderTest {
  static final Map<String, ServedSignature> SIGS = TestSignatures.genrecLike(5);
  static final RequestLimits LIMITS = new RequestLimits(4, 20, 3, 1 << 20);

  static PredictRequest read(String body) {
    return PredictRequestReader.read(body, SIGS, LIMITS);
  }

  static String error(String body) {
    HttpError e = assertThrows(HttpError.class, () -> read(body), body);
    assertEquals(400, e.status());
    return e.getMessage();
  }

  static void says(String body, String phrase) {
    String e = error(body);
    assertTrue(e.contains(phrase), "error for " + body + " should say " + phrase + ": " + e);
  }

  @Test
  void rowAndColumnarFormatsGiveTheSameUsers() {
    PredictRequest rows = read("{\"instances\": [{\"history\": [11, 12], \"k\": 3}, {\"history\": [13], \"k\": 3}]}");
    PredictRequest columns = read("{\"inputs\": {\"history\": [[11, 12], [13]], \"k\": 3}}");
    assertEquals(PredictRequest.Format.ROW, rows.format());
    assertEquals(PredictRequest.Format.COLUMNAR, columns.format());
    for (PredictRequest r : new PredictRequest[] {rows, columns}) {
      assertEquals("serving_default", r.signature().name());
      assertArrayEquals(new long[] {11, 12}, r.histories()[0]);
      assertArrayEquals(new long[] {13}, r.histories()[1]);
      assertArrayEquals(new int[] {3, 3}, r.ks());
      assertTrue(r.rowInputs().isEmpty());
    }
    // The bare forms: an instance that is its history, inputs that are the histories.
    assertArrayEquals(new long[] {7, 8}, read("{\"instances\": [[7, 8]]}").histories()[0]);
    assertArrayEquals(new long[] {9}, read("{\"inputs\": [[9]]}").histories()[0]);
  }

  @Test
  void aUserWithoutKGetsTheDefaultAndEachUserItsOwnK() {
    PredictRequest r = read("{\"instances\": [{\"history\": [1]}, {\"history\": [2], \"k\": 9}]}");
    assertArrayEquals(new int[] {0, 9}, r.ks());
    assertEquals(5, r.cut(0), "the signature's default");
    assertEquals(9, r.cut(1));
  }

  @Test
  void extraInputsNeedTheSignatureThatTakesThemAndMissingOnesAreMinusOne() {
    PredictRequest r = read("{\"signature_name\": \"serving_extended\", \"instances\": ["
        + "{\"history\": [1], \"user_id\": 42}, {\"history\": [2]}]}");
    assertArrayEquals(new long[] {42, -1}, r.rowInputs().get("user_id"));
    PredictRequest c = read("{\"signature_name\": \"serving_extended\", \"inputs\": {\"history\": [[1], [2]],"
        + " \"user_id\": [42]}}");
    assertArrayEquals(new long[] {42, -1}, c.rowInputs().get("user_id"));
    String e = error("{\"instances\": [{\"history\": [1], \"user_id\": 42}]}");
    assertTrue(e.contains("instances[0].user_id") && e.contains("serving_extended"), e);
  }

  @Test
  void badRequestsSayWhereAndWhat() {
    says("{\"instances\": [", "not valid JSON");
    says("[1, 2]", "JSON object");
    says("{\"users\": []}", "missing \"instances\"");
    says("{\"instances\": [[1]], \"inputs\": [[1]]}", "not both");
    says("{\"instances\": []}", "empty");
    says("{\"instances\": {\"history\": [1]}}", "one entry per user");
    says("{\"instances\": [{\"k\": 2}]}", "instances[0]: missing \"history\"");
    says("{\"instances\": [{\"history\": [1, \"x\"]}]}", "instances[0].history[1]: expected an integer");
    says("{\"instances\": [{\"history\": [1.5]}]}", "expected an integer, got 1.5");
    says("{\"instances\": [{\"history\": [99999999999999999999]}]}", "expected an integer");
    says("{\"instances\": [{\"history\": [1], \"k\": 0}]}", "instances[0].k = 0: must be in [1, 20]");
    says("{\"instances\": [{\"history\": [1], \"k\": 21}]}", "limits.max_k");
    says("{\"instances\": [[1, 2, 3, 4, 5]]}", "5 items; at most 4 (limits.max_history)");
    says("{\"instances\": [[1], [2], [3], [4]]}", "4 users; at most 3 per request (limits.max_instances)");
    says("{\"instances\": [{\"history\": [1], \"histroy\": [2]}]}", "not an input");
    says("{\"instances\": [5]}", "instances[0]: expected");
    says("{\"inputs\": {\"history\": [1, 2]}}", "inputs.history[0]: expected a list of item ids");
    says("{\"inputs\": {\"k\": 2}}", "missing \"history\"");
    says("{\"signature_name\": \"serving_extended\", \"inputs\": {\"history\": [[1]], \"user_id\": [1, 2]}}", "2 values for 1 users");
    says("{\"signature_name\": \"nope\", \"instances\": [[1]]}", "no such signature");
    says("{\"signature_name\": 3, \"instances\": [[1]]}", "expected a string");
    says("{\"signature_name\": \"scores_only\", \"instances\": [[1]]}", "cannot serve predict");
  }

  @Test
  void aSignatureWithoutADefaultKNeedsOne() {
    Map<String, ServedSignature> noDefault = TestSignatures.genrecLike(0);
    HttpError e = assertThrows(HttpError.class,
        () -> PredictRequestReader.read("{\"instances\": [[1]]}", noDefault, LIMITS));
    assertTrue(e.getMessage().contains("missing \"k\""), e.getMessage());
    assertEquals(3, PredictRequestReader.read("{\"instances\": [{\"history\": [1], \"k\": 3}]}", noDefault, LIMITS)
        .cut(0));
    assertNull(SIGS.get("serving_default").problem());
  }
}
