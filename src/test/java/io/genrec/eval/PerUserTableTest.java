package io.genrec.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerUserTableTest {

    @TempDir
    Path dir;

    private static PerUserTable sample() {
        return new PerUserTable(new int[] {7, 2, 19}, new int[] {4, 11, 6}, List.of("recall@10", "ndcg@10"),
                new double[][] {{1, 0, 0.5}, {0.6309297535714574, 0, 0.123456789}});
    }

    @Test
    void csvRoundTripKeepsRowsKeysAndSixDecimals() throws IOException {
        Path file = dir.resolve("run/per_user.csv");
        sample().writeCsv(file);

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(List.of(
                "user,history_length,recall@10,ndcg@10",
                "7,4,1.000000,0.630930",
                "2,11,0.000000,0.000000",
                "19,6,0.500000,0.123457"), lines);

        PerUserTable back = PerUserTable.readCsv(file);
        assertArrayEquals(new int[] {7, 2, 19}, back.users());
        assertArrayEquals(new int[] {4, 11, 6}, back.historyLengths());
        assertEquals(List.of("recall@10", "ndcg@10"), back.metricKeys());
        assertArrayEquals(new double[] {1, 0, 0.5}, back.column("recall@10"), 0);
        assertArrayEquals(new double[] {0.630930, 0, 0.123457}, back.column("ndcg@10"), 1e-12);
    }

    @Test
    void accumulatorTableRoundTrips() throws IOException {
        RankingAccumulator acc = new RankingAccumulator(MetricSpec.parseAll(List.of("N@3", "MRR@3")), 9);
        acc.add(3, new int[] {5, 8, 1}, new int[] {8}, 2);
        acc.add(1, new int[] {2, 4, 6}, new int[] {9}, 14);
        PerUserTable table = acc.perUser();
        Path file = dir.resolve("per_user.csv");
        table.writeCsv(file);
        PerUserTable back = PerUserTable.readCsv(file);
        assertArrayEquals(table.users(), back.users());
        assertArrayEquals(table.column("ndcg@3"), back.column("ndcg@3"), 5e-7);
        assertEquals(table.mean("mrr@3"), back.mean("mrr@3"), 5e-7);
    }

    @Test
    void overwritesAtomicallyAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("per_user.csv");
        Files.writeString(file, "old contents\n");
        sample().writeCsv(file);
        assertEquals(3, PerUserTable.readCsv(file).size());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void emptyTableRoundTrips() throws IOException {
        Path file = dir.resolve("empty.csv");
        new PerUserTable(new int[0], new int[0], List.of("hit@5"), new double[][] {{}}).writeCsv(file);
        PerUserTable back = PerUserTable.readCsv(file);
        assertEquals(0, back.size());
        assertEquals(List.of("hit@5"), back.metricKeys());
    }

    @Test
    void malformedFilesAreRejectedWithTheLine() throws IOException {
        Path badHeader = dir.resolve("a.csv");
        Files.writeString(badHeader, "uid,history_length,recall@10\n1,2,0.5\n");
        assertThrows(IOException.class, () -> PerUserTable.readCsv(badHeader));

        Path shortRow = dir.resolve("b.csv");
        Files.writeString(shortRow, "user,history_length,recall@10\n1,2\n");
        IOException e = assertThrows(IOException.class, () -> PerUserTable.readCsv(shortRow));
        assertTrue(e.getMessage().contains(":2:"), e.getMessage());

        Path notNumber = dir.resolve("c.csv");
        Files.writeString(notNumber, "user,history_length,recall@10\n1,2,0.5\n2,3,abc\n");
        e = assertThrows(IOException.class, () -> PerUserTable.readCsv(notNumber));
        assertTrue(e.getMessage().contains(":3:"), e.getMessage());

        Path repeatedUser = dir.resolve("d.csv");
        Files.writeString(repeatedUser, "user,history_length,recall@10\n1,2,0.5\n1,3,0.25\n");
        assertThrows(IOException.class, () -> PerUserTable.readCsv(repeatedUser));

        Path empty = dir.resolve("e.csv");
        Files.writeString(empty, "");
        assertThrows(IOException.class, () -> PerUserTable.readCsv(empty));
    }

    @Test
    void rejectsInconsistentColumns() {
        assertThrows(IllegalArgumentException.class, () -> new PerUserTable(new int[] {1, 2}, new int[] {1},
                List.of(), new double[0][]));
        assertThrows(IllegalArgumentException.class, () -> new PerUserTable(new int[] {1}, new int[] {1},
                List.of("a@1"), new double[][] {{0.1, 0.2}}));
        assertThrows(IllegalArgumentException.class, () -> new PerUserTable(new int[] {1}, new int[] {1},
                List.of("a,b"), new double[][] {{0.1}}));
        assertThrows(IllegalArgumentException.class, () -> sample().column("mrr@10"));
    }

    @Test
    void meanOfAColumn() {
        assertEquals(0.5, sample().mean("recall@10"), 1e-12);
    }
}
