package io.genrec.eval;

import io.genrec.data.AtomicFile;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Per-user metric values of one evaluation condition, one row per user in evaluation order. Kept
 * beside the aggregates so paired significance tests between runs can be done later.
 *
 * <p>CSV form: header {@code user,history_length,<metric keys...>}, values with 6 decimals,
 * {@code \n} line ends. Immutable.
 */
public final class PerUserTable {

    static final String USER_COLUMN = "user";
    static final String HISTORY_COLUMN = "history_length";

    private final int[] users;
    private final int[] historyLengths;
    private final List<String> metricKeys;
    /** Column-major: columns[metric][row]. */
    private final double[][] columns;

    /**
     * @param columns one array per metric key, each as long as {@code users}; all arrays are copied
     * @throws IllegalArgumentException on mismatched lengths, a negative or repeated user, or a
     *     missing, repeated or comma-holding metric key
     */
    public PerUserTable(int[] users, int[] historyLengths, List<String> metricKeys, double[][] columns) {
        if (historyLengths.length != users.length) {
            throw new IllegalArgumentException(users.length + " users but " + historyLengths.length + " history lengths");
        }
        if (columns.length != metricKeys.size()) {
            throw new IllegalArgumentException(metricKeys.size() + " metric keys but " + columns.length + " columns");
        }
        Set<String> seenKeys = new HashSet<>();
        for (String key : metricKeys) {
            if (key.isEmpty() || key.contains(",") || key.contains("\n") || key.contains("\r")
                    || key.equals(USER_COLUMN) || key.equals(HISTORY_COLUMN) || !seenKeys.add(key)) {
                throw new IllegalArgumentException("bad or repeated metric key \"" + key + "\" in " + metricKeys);
            }
        }
        BitSet seenUsers = new BitSet();
        for (int user : users) {
            if (user < 0 || seenUsers.get(user)) {
                throw new IllegalArgumentException("user " + user + " is negative or appears twice");
            }
            seenUsers.set(user);
        }
        this.columns = new double[columns.length][];
        for (int m = 0; m < columns.length; m++) {
            if (columns[m].length != users.length) {
                throw new IllegalArgumentException("column " + metricKeys.get(m) + " has " + columns[m].length
                        + " values for " + users.length + " users");
            }
            this.columns[m] = columns[m].clone();
        }
        this.users = users.clone();
        this.historyLengths = historyLengths.clone();
        this.metricKeys = List.copyOf(metricKeys);
    }

    public int size() {
        return users.length;
    }

    public List<String> metricKeys() {
        return metricKeys;
    }

    public int user(int row) {
        return users[row];
    }

    public int historyLength(int row) {
        return historyLengths[row];
    }

    /** A copy of the user index column, in row order. */
    public int[] users() {
        return users.clone();
    }

    /** A copy of the history length column, in row order. */
    public int[] historyLengths() {
        return historyLengths.clone();
    }

    public double value(int row, String metricKey) {
        return columns[columnIndex(metricKey)][row];
    }

    /** A copy of one metric's values, in row order. */
    public double[] column(String metricKey) {
        return columns[columnIndex(metricKey)].clone();
    }

    /** Mean of one metric over all rows. */
    public double mean(String metricKey) {
        if (users.length == 0) {
            throw new IllegalStateException("mean of " + metricKey + " over an empty table is undefined");
        }
        double sum = 0;
        for (double v : columns[columnIndex(metricKey)]) {
            sum += v;
        }
        return sum / users.length;
    }

    /** Writes the table as CSV, atomically ({@link AtomicFile}): readers never see a half-written file. */
    public void writeCsv(Path file) throws IOException {
        AtomicFile.write(file, stream -> {
            Writer out = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
            out.write(USER_COLUMN + "," + HISTORY_COLUMN);
            for (String key : metricKeys) {
                out.write(',');
                out.write(key);
            }
            out.write('\n');
            StringBuilder line = new StringBuilder(16 * (2 + columns.length));
            for (int row = 0; row < users.length; row++) {
                line.setLength(0);
                line.append(users[row]).append(',').append(historyLengths[row]);
                for (double[] column : columns) {
                    line.append(',').append(String.format(Locale.ROOT, "%.6f", column[row]));
                }
                line.append('\n');
                out.append(line);
            }
            out.flush();
        });
    }

    /**
     * Reads a table written by {@link #writeCsv}.
     *
     * @throws IOException if the file cannot be read or is not in that format (message names the line)
     */
    public static PerUserTable readCsv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IOException(file + ": empty file, expected a header line");
        }
        String[] header = lines.get(0).split(",", -1);
        if (header.length < 2 || !header[0].equals(USER_COLUMN) || !header[1].equals(HISTORY_COLUMN)) {
            throw new IOException(file + ":1: header must start with " + USER_COLUMN + "," + HISTORY_COLUMN
                    + ", got: " + lines.get(0));
        }
        List<String> keys = new ArrayList<>(List.of(header).subList(2, header.length));
        int rows = lines.size() - 1;
        int[] users = new int[rows];
        int[] history = new int[rows];
        double[][] columns = new double[keys.size()][rows];
        for (int row = 0; row < rows; row++) {
            int lineNumber = row + 2;
            String[] cells = lines.get(row + 1).split(",", -1);
            if (cells.length != header.length) {
                throw new IOException(file + ":" + lineNumber + ": " + cells.length + " cells, header has "
                        + header.length);
            }
            try {
                users[row] = Integer.parseInt(cells[0]);
                history[row] = Integer.parseInt(cells[1]);
                for (int m = 0; m < columns.length; m++) {
                    columns[m][row] = Double.parseDouble(cells[m + 2]);
                }
            } catch (NumberFormatException e) {
                throw new IOException(file + ":" + lineNumber + ": not a number: " + e.getMessage(), e);
            }
        }
        try {
            return new PerUserTable(users, history, keys, columns);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private int columnIndex(String metricKey) {
        int index = metricKeys.indexOf(metricKey);
        if (index < 0) {
            throw new IllegalArgumentException("no column \"" + metricKey + "\"; columns are " + metricKeys);
        }
        return index;
    }
}
