package io.genrec.serve.http;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Result;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * The outputs of one session call, copied out of their tensors once (the reply is JSON anyway), each
 * [batch, k, ...]; a reply writes its own rows, each cut to the k its user asked for.
 */
final class BatchOutputs {
  /** One output: its shape and its values, row-major, as longs or as floats. */
  record Column(String name, long[] shape, long[] longs, float[] floats, String[] strings) {
    Column(String name, long[] shape, long[] longs, float[] floats) {
      this(name, shape, longs, floats, null);
    }

    int rowStride() {
      long n = 1;
      for (int d = 1; d < shape.length; d++) n *= shape[d];
      return Math.toIntExact(n);
    }
  }

  private final List<Column> columns;

  BatchOutputs(List<Column> columns) {
    this.columns = columns;
  }

  /** Copies fetch {@code i} of {@code result} as output {@code names.get(i)}. */
  static BatchOutputs read(List<String> names, Result result, int batch) {
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      Tensor t = result.get(i);
      long[] shape = t.shape().asArray();
      if (shape.length < 2 || shape[0] != batch) {
        throw new IllegalStateException("output " + names.get(i) + " has shape " + t.shape() + ", expected [" + batch
            + ", k, ...]");
      }
      int n = Math.toIntExact(t.shape().size());
      if (t instanceof TFloat32 f) {
        float[] values = new float[n];
        f.asRawTensor().data().asFloats().read(values);
        columns.add(new Column(names.get(i), shape, null, values));
      } else if (t instanceof TInt64 l) {
        long[] values = new long[n];
        l.asRawTensor().data().asLongs().read(values);
        columns.add(new Column(names.get(i), shape, values, null));
      } else if (t instanceof TInt32 in) {
        int[] ints = new int[n];
        in.asRawTensor().data().asInts().read(ints);
        long[] values = new long[n];
        for (int j = 0; j < n; j++) values[j] = ints[j];
        columns.add(new Column(names.get(i), shape, values, null));
      } else if (t instanceof TString s) {
        String[] values = new String[n];
        int[] at = {0};
        s.scalars().forEach(v -> values[at[0]++] = v.getObject());
        columns.add(new Column(names.get(i), shape, null, null, values));
      } else {
        throw new IllegalStateException("output " + names.get(i) + " has type " + t.dataType() + ", not a number type");
      }
    }
    return new BatchOutputs(columns);
  }

  List<Column> columns() {
    return columns;
  }

  /** Writes {@code column}'s row {@code row} as nested lists, its first dimension cut to {@code k}. */
  static void writeRow(JsonWriter out, Column column, int row, int k) throws IOException {
    int stride = column.rowStride();
    int width = (int) Math.min(k, column.shape()[1]);
    int inner = column.shape()[1] == 0 ? 0 : (int) (stride / column.shape()[1]);
    out.beginArray();
    for (int j = 0; j < width; j++) {
      writeBlock(out, column, row * stride + j * inner, 2);
    }
    out.endArray();
  }

  /** The values of dimensions {@code dim}.. starting at flat index {@code from}. */
  private static void writeBlock(JsonWriter out, Column column, int from, int dim) throws IOException {
    if (dim == column.shape().length) {
      if (column.floats() != null) out.value(column.floats()[from]);
      else if (column.strings() != null) out.value(column.strings()[from]);
      else out.value(column.longs()[from]);
      return;
    }
    int size = (int) column.shape()[dim];
    int inner = 1;
    for (int d = dim + 1; d < column.shape().length; d++) inner *= (int) column.shape()[d];
    out.beginArray();
    for (int j = 0; j < size; j++) writeBlock(out, column, from + j * inner, dim + 1);
    out.endArray();
  }
}
