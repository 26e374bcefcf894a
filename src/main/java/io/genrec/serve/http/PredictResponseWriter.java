package io.genrec.serve.http;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a request's share of a batch as TF Serving does: {@code {"predictions": [...]}} for the row
 * format (an object per user, or the bare value when the signature has a single output) and
 * {@code {"outputs": {...}}} for the columnar one. Scores of "no item" are -inf, written
 * {@code -Infinity} as TF Serving writes non-finite floats.
 */
final class PredictResponseWriter {
  private PredictResponseWriter() {}

  static byte[] write(PredictBatcher.Answer answer) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
    try (JsonWriter out = new JsonWriter(new OutputStreamWriter(buf, StandardCharsets.UTF_8))) {
      out.setStrictness(Strictness.LENIENT);
      PredictRequest r = answer.request();
      List<BatchOutputs.Column> columns = answer.outputs().columns();
      out.beginObject();
      if (r.format() == PredictRequest.Format.ROW) {
        out.name("predictions").beginArray();
        for (int i = 0; i < r.size(); i++) {
          int row = answer.firstRow() + i;
          if (columns.size() == 1) {
            BatchOutputs.writeRow(out, columns.get(0), row, r.cut(i));
          } else {
            out.beginObject();
            for (BatchOutputs.Column c : columns) {
              out.name(c.name());
              BatchOutputs.writeRow(out, c, row, r.cut(i));
            }
            out.endObject();
          }
        }
        out.endArray();
      } else {
        out.name("outputs");
        if (columns.size() == 1) {
          column(out, columns.get(0), answer);
        } else {
          out.beginObject();
          for (BatchOutputs.Column c : columns) {
            out.name(c.name());
            column(out, c, answer);
          }
          out.endObject();
        }
      }
      out.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buf.toByteArray();
  }

  private static void column(JsonWriter out, BatchOutputs.Column c, PredictBatcher.Answer answer) throws IOException {
    out.beginArray();
    PredictRequest r = answer.request();
    for (int i = 0; i < r.size(); i++) BatchOutputs.writeRow(out, c, answer.firstRow() + i, r.cut(i));
    out.endArray();
  }
}
