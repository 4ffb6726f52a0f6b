package org.sparkmlp.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.sparkmlp.core.data.IdxFiles.IMAGES_MAGIC;
import static org.sparkmlp.core.data.IdxFiles.LABELS_MAGIC;
import static org.sparkmlp.core.data.IdxFiles.gzip;
import static org.sparkmlp.core.data.IdxFiles.idx;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.DoubleSummaryStatistics;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");
    /** Surefire runs in the module directory; the sample lives at the repository root. */
    private static final Path SAMPLE = Path.of("../data/fashion-mnist-sample");
    /** Three 2×2 images and their labels. */
    private static final byte[] PIXELS = bytes(0, 255, 128, 1, 10, 20, 30, 40, 255, 255, 0, 0);

    private static final byte[] LABELS = bytes(7, 0, 3);

    @TempDir
    Path dir;

    @Test
    void scalesPixelsToUnitIntervalAndKeepsOrder() throws IOException {
        DenseDataset data = IdxReader.read(images("i", PIXELS, 3, 2, 2), labels("l", LABELS, 3));

        assertEquals(3, data.size());
        assertEquals(4, data.numFeatures());
        assertArrayEquals(new int[] {7, 0, 3}, data.labels());
        double[] x = data.features();
        assertEquals(0.0, x[0]);
        assertEquals(1.0, x[1]);
        assertEquals(128 / 255.0, x[2]);
        for (int i = 0; i < PIXELS.length; i++) {
            assertEquals((PIXELS[i] & 0xFF) / 255.0, x[i], "pixel " + i);
        }
    }

    @Test
    void detectsGzipByContentNotName() throws IOException {
        DenseDataset plain =
                IdxReader.read(images("plain-images.gz", PIXELS, 3, 2, 2), labels("plain-labels.gz", LABELS, 3));
        DenseDataset gzip = IdxReader.read(
                write("gzipped-images", gzip(idx(IMAGES_MAGIC, PIXELS, 3, 2, 2))),
                write("gzipped-labels", gzip(idx(LABELS_MAGIC, LABELS, 3))));

        assertArrayEquals(plain.features(), gzip.features());
        assertArrayEquals(plain.labels(), gzip.labels());
    }

    @Test
    void streamVariantClosesStreamsAndNamesThemInErrors() throws IOException {
        ClosingProbe images = new ClosingProbe(gzip(idx(IMAGES_MAGIC, PIXELS, 3, 2, 2)));
        ClosingProbe labels = new ClosingProbe(idx(LABELS_MAGIC, LABELS, 3));
        assertEquals(
                3,
                IdxReader.read(images, "hdfs://nn/images", labels, "hdfs://nn/labels")
                        .size());
        assertTrue(images.closed && labels.closed);

        ClosingProbe shortLabels = new ClosingProbe(idx(LABELS_MAGIC, LABELS, 4));
        IOException e = assertThrows(
                IOException.class,
                () -> IdxReader.read(
                        new ByteArrayInputStream(idx(IMAGES_MAGIC, bytes(new int[16]), 4, 2, 2)),
                        "hdfs://nn/images",
                        shortLabels,
                        "hdfs://nn/labels"));
        assertMessage(e, "hdfs://nn/labels", "truncated", "4 labels", "before label 3 (0-based)");
        assertTrue(shortLabels.closed);
    }

    @Test
    void rejectsImagesCutInsideARecord() throws IOException {
        Path images = write("cut-images", idx(IMAGES_MAGIC, Arrays.copyOf(PIXELS, 9), 3, 2, 2));
        assertFails(
                images,
                labels("l", LABELS, 3),
                images,
                "truncated",
                "3 images of 2×2 bytes (12 data bytes)",
                "only 9 are present",
                "inside image 2 (0-based), after 1 of its 4 bytes");
    }

    @Test
    void rejectsGzipImagesCutAtARecordBoundary() throws IOException {
        Path images = write("boundary-images.gz", gzip(idx(IMAGES_MAGIC, Arrays.copyOf(PIXELS, 8), 3, 2, 2)));
        assertFails(
                images, labels("l", LABELS, 3), images, "truncated", "only 8 are present", "before image 2 (0-based)");
    }

    @Test
    void rejectsTruncatedLabels() throws IOException {
        Path labels = labels("cut-labels", Arrays.copyOf(LABELS, 1), 3);
        assertFails(
                images("i", PIXELS, 3, 2, 2),
                labels,
                labels,
                "truncated",
                "3 labels (3 data bytes)",
                "only 1 are present",
                "before label 1 (0-based)");
    }

    @Test
    void rejectsLabelsFileGivenAsImages() throws IOException {
        Path labels = labels("l", LABELS, 3);
        assertFails(
                labels,
                labels,
                labels,
                "wrong magic number",
                "expected 0x00000803",
                "found 0x00000801",
                "this looks like a labels file");
    }

    @Test
    void rejectsImagesFileGivenAsLabels() throws IOException {
        Path images = images("i", PIXELS, 3, 2, 2);
        assertFails(
                images, images, images, "expected 0x00000801", "found 0x00000803", "this looks like an images file");
    }

    @Test
    void rejectsUnsupportedTypesAndNonIdxFiles() throws IOException {
        Path floats = write("float-images", idx(0x00000D03, PIXELS, 3, 2, 2));
        assertFails(floats, labels("l", LABELS, 3), floats, "found 0x00000D03", "data type 0x0D is not supported");

        Path text = write("notes.txt", "hello, world".getBytes());
        assertFails(text, labels("l", LABELS, 3), text, "found 0x68656C6C", "not an IDX file");

        Path empty = write("empty", new byte[0]);
        assertFails(empty, labels("l", LABELS, 3), empty, "file is empty");

        Path shortHeader = write("short-header", Arrays.copyOf(idx(IMAGES_MAGIC, PIXELS, 3, 2, 2), 10));
        assertFails(shortHeader, labels("l", LABELS, 3), shortHeader, "header cut short", "6 of its 12");
    }

    @Test
    void rejectsNonPositiveDimensions() throws IOException {
        Path zeroRows = write("zero-rows", idx(IMAGES_MAGIC, new byte[0], 3, 0, 2));
        assertFails(zeroRows, labels("l", LABELS, 3), zeroRows, "rows = 0", "must be positive");

        Path negativeCount = write("negative-count", idx(LABELS_MAGIC, new byte[0], -1));
        assertFails(images("i", PIXELS, 3, 2, 2), negativeCount, negativeCount, "labels = -1", "must be positive");
    }

    @Test
    void rejectsMismatchedCounts() throws IOException {
        Path images = images("three-images", PIXELS, 3, 2, 2);
        Path labels = labels("two-labels", Arrays.copyOf(LABELS, 2), 2);
        assertFails(images, labels, labels, "counts differ", images + " holds 3 images", labels + " holds 2 labels");
    }

    @Test
    void rejectsTrailingBytes() throws IOException {
        byte[] padded = Arrays.copyOf(idx(IMAGES_MAGIC, PIXELS, 3, 2, 2), 16 + PIXELS.length + 5);
        Path images = write("padded-images", padded);
        assertFails(images, labels("l", LABELS, 3), images, "trailing garbage", "5 bytes follow the 3 images");

        Path labels = write("padded-labels.gz", gzip(idx(LABELS_MAGIC, bytes(7, 0, 3, 9), 3)));
        assertFails(images("i", PIXELS, 3, 2, 2), labels, labels, "trailing garbage", "1 bytes follow the 3 labels");
    }

    @Test
    void refusesAbsurdHeaderBeforeAllocating() throws IOException {
        Path images = write("huge-images", idx(IMAGES_MAGIC, new byte[0], Integer.MAX_VALUE, 28, 28));
        Path labels = labels("l", LABELS, 3);
        IOException e = assertTimeoutPreemptively(
                Duration.ofSeconds(5),
                () -> assertThrows(IdxFormatException.class, () -> IdxReader.read(images, labels)));
        assertMessage(e, images.toString(), "2147483647 images of 28×28 bytes", "refusing to allocate");
    }

    @Test
    void reportsCorruptGzipWithFileName() throws IOException {
        byte[] gz = gzip(idx(IMAGES_MAGIC, PIXELS, 3, 2, 2));
        byte[] badChecksum = gz.clone();
        badChecksum[gz.length - 8] ^= 0x55; // first byte of the CRC-32 trailer
        Path corrupt = write("bad-crc-images.gz", badChecksum);
        assertFails(corrupt, labels("l", LABELS, 3), corrupt, "gzip data is corrupt or cut short");

        Path cut = write("cut-images.gz", Arrays.copyOf(gz, gz.length - 12));
        assertFails(cut, labels("l", LABELS, 3), cut, "gzip data is corrupt or cut short");
    }

    @Test
    void readsHeadersOnly() throws IOException {
        assertEquals(
                new IdxHeader(3, 4),
                IdxReader.imagesHeader(new ByteArrayInputStream(gzip(idx(IMAGES_MAGIC, PIXELS, 3, 2, 2))), "i"));
        ClosingProbe labels = new ClosingProbe(idx(LABELS_MAGIC, LABELS, 3));
        assertEquals(new IdxHeader(3, 1), IdxReader.labelsHeader(labels, "l"));
        assertTrue(labels.closed);

        IdxFormatException e = assertThrows(
                IdxFormatException.class,
                () -> IdxReader.requireSameCount(new IdxHeader(3, 4), "imgs", new IdxHeader(2, 1), "lbls"));
        assertMessage(e, "imgs", "counts differ", "imgs holds 3 images but lbls holds 2 labels");
        IdxFormatException wrongKind = assertThrows(
                IdxFormatException.class,
                () -> IdxReader.labelsHeader(new ByteArrayInputStream(idx(IMAGES_MAGIC, PIXELS, 3, 2, 2)), "imgs"));
        assertMessage(wrongKind, "imgs", "this looks like an images file");
    }

    @Test
    void consecutiveRangesEqualTheWholeRead() throws IOException {
        for (boolean gz : new boolean[] {false, true}) {
            byte[] images = idx(IMAGES_MAGIC, PIXELS, 3, 2, 2);
            byte[] labels = idx(LABELS_MAGIC, LABELS, 3);
            if (gz) {
                images = gzip(images);
                labels = gzip(labels);
            }
            DenseDataset whole =
                    IdxReader.read(new ByteArrayInputStream(images), "i", new ByteArrayInputStream(labels), "l");
            double[] x = new double[12];
            int[] y = new int[3];
            int[][] ranges = {{0, 0}, {0, 1}, {1, 2}, {3, 0}};
            for (int[] r : ranges) {
                double[] part = IdxReader.readImages(new ByteArrayInputStream(images), "i", r[0], r[1]);
                int[] partLabels = IdxReader.readLabels(new ByteArrayInputStream(labels), "l", r[0], r[1]);
                System.arraycopy(part, 0, x, r[0] * 4, part.length);
                System.arraycopy(partLabels, 0, y, r[0], partLabels.length);
            }
            assertArrayEquals(whole.features(), x, "gzip " + gz);
            assertArrayEquals(whole.labels(), y, "gzip " + gz);
        }
    }

    @Test
    void rangeSkipsByMovingThePlainStream() throws IOException {
        SkipProbe images = new SkipProbe(idx(IMAGES_MAGIC, bytes(new int[4 * 100_000]), 100_000, 2, 2));
        assertEquals(4, IdxReader.readImages(images, "i", 99_999, 1).length);
        // All but what the buffer had already read ahead.
        assertTrue(images.skipped > 250_000, () -> "skipped only " + images.skipped + " bytes");
    }

    @Test
    void rangeThatEndsTheFileKeepsTheStrictEndChecks() throws IOException {
        byte[] padded = Arrays.copyOf(idx(IMAGES_MAGIC, PIXELS, 3, 2, 2), 16 + PIXELS.length + 5);
        assertEquals(8, IdxReader.readImages(new ByteArrayInputStream(padded), "padded", 0, 2).length);
        IdxFormatException e = assertThrows(
                IdxFormatException.class, () -> IdxReader.readImages(new ByteArrayInputStream(padded), "padded", 2, 1));
        assertMessage(e, "padded", "trailing garbage", "5 bytes follow the 3 images");

        byte[] badChecksum = gzip(idx(LABELS_MAGIC, LABELS, 3));
        badChecksum[badChecksum.length - 8] ^= 0x55;
        IdxFormatException crc = assertThrows(
                IdxFormatException.class,
                () -> IdxReader.readLabels(new ByteArrayInputStream(badChecksum), "bad.gz", 1, 2));
        assertMessage(crc, "bad.gz", "gzip data is corrupt or cut short");
    }

    @Test
    void rangeBeyondTruncatedDataSaysWhereTheDataEnds() {
        byte[] cut = idx(IMAGES_MAGIC, Arrays.copyOf(PIXELS, 5), 3, 2, 2);
        IdxFormatException exact = assertThrows(
                IdxFormatException.class, () -> IdxReader.readImages(new ByteArrayInputStream(cut), "cut", 2, 1));
        assertMessage(
                exact,
                "cut",
                "truncated",
                "3 images of 2×2 bytes (12 data bytes)",
                "only 5 are present",
                "before image 1 (0-based)");

        // Some streams seek past their end without noticing; then only the requested range is known to be missing.
        byte[] longCut = idx(IMAGES_MAGIC, new byte[100_001], 40_000, 2, 2);
        ByteArrayInputStream blindSeek = new ByteArrayInputStream(longCut) {
            @Override
            public synchronized long skip(long n) {
                pos = Math.min(count, pos + (int) n);
                return n;
            }
        };
        IdxFormatException seek =
                assertThrows(IdxFormatException.class, () -> IdxReader.readImages(blindSeek, "long-cut", 30_000, 1));
        assertMessage(seek, "long-cut", "truncated", "(160000 data bytes)", "ends before image 30000 (0-based)");

        IdxFormatException gz = assertThrows(
                IdxFormatException.class,
                () -> IdxReader.readImages(new ByteArrayInputStream(gzip(cut)), "cut.gz", 2, 1));
        assertMessage(gz, "cut.gz", "truncated", "only 5 are present", "before image 1 (0-based)");

        IdxFormatException inside = assertThrows(
                IdxFormatException.class, () -> IdxReader.readImages(new ByteArrayInputStream(cut), "cut", 1, 1));
        assertMessage(inside, "cut", "inside image 1 (0-based), after 1 of its 4 bytes");
    }

    @Test
    void refusesRangesOutsideTheHeader() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> IdxReader.readLabels(new ByteArrayInputStream(idx(LABELS_MAGIC, LABELS, 3)), "l", 2, 2));
        assertMessage(e, "[2, 4)", "3 records");
    }

    @Test
    void rangesOfTheBundledSampleEqualItsWholeRead() throws IOException {
        Path images = SAMPLE.resolve("train-images-idx3-ubyte.gz");
        Path labels = IdxReader.labelsBeside(images);
        DenseDataset whole = IdxReader.read(images, labels);
        int from = 9_990;
        double[] x = IdxReader.readImages(Files.newInputStream(images), images.toString(), from, 10);
        int[] y = IdxReader.readLabels(Files.newInputStream(labels), labels.toString(), from, 10);
        assertArrayEquals(Arrays.copyOfRange(whole.features(), from * 784, 10_000 * 784), x);
        assertArrayEquals(Arrays.copyOfRange(whole.labels(), from, 10_000), y);
    }

    @Test
    void derivesLabelsFileNames() {
        assertEquals("train-labels-idx1-ubyte", IdxReader.labelsFileNameFor("train-images-idx3-ubyte"));
        assertEquals("train-labels-idx1-ubyte.gz", IdxReader.labelsFileNameFor("train-images-idx3-ubyte.gz"));
        assertEquals("t10k-labels-idx1-ubyte.gz", IdxReader.labelsFileNameFor("t10k-images-idx3-ubyte.gz"));
        assertEquals(
                Path.of("/data/mnist/t10k-labels-idx1-ubyte"),
                IdxReader.labelsBeside(Path.of("/data/mnist/t10k-images-idx3-ubyte")));
        assertEquals(
                Path.of("train-labels-idx1-ubyte.gz"), IdxReader.labelsBeside(Path.of("train-images-idx3-ubyte.gz")));

        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> IdxReader.labelsBeside(Path.of("/data/mnist/pictures.gz")));
        assertMessage(e, "pictures.gz", "naming convention", "images-idx3");
    }

    @Test
    @Tag("fashion")
    void readsFullFashionMnist() throws IOException {
        assertTrue(Files.isDirectory(FASHION), FASHION + " is absent: apt-get install dataset-fashion-mnist");
        checkFashion(readBeside(FASHION.resolve("train-images-idx3-ubyte.gz")), 60_000);
        checkFashion(readBeside(FASHION.resolve("t10k-images-idx3-ubyte.gz")), 10_000);
    }

    @Test
    void bundledSampleHoldsTheFirstRecords() throws IOException {
        DenseDataset train = readBeside(SAMPLE.resolve("train-images-idx3-ubyte.gz"));
        DenseDataset test = readBeside(SAMPLE.resolve("t10k-images-idx3-ubyte.gz"));
        assertEquals(10_000, train.size());
        assertEquals(2_000, test.size());
        assertEquals(784, train.numFeatures());
        assertEquals(784, test.numFeatures());

        assumeTrue(Files.isDirectory(FASHION), FASHION + " is absent, so the sample is not compared with it");
        assertSameHead(readBeside(FASHION.resolve("train-images-idx3-ubyte.gz")), train, 100);
        assertSameHead(readBeside(FASHION.resolve("t10k-images-idx3-ubyte.gz")), test, 100);
    }

    private static DenseDataset readBeside(Path images) throws IOException {
        return IdxReader.read(images, IdxReader.labelsBeside(images));
    }

    private static void checkFashion(DenseDataset data, int size) {
        assertEquals(size, data.size());
        assertEquals(784, data.numFeatures());
        int[] perClass = new int[10];
        for (int label : data.labels()) {
            assertTrue(label >= 0 && label < 10, () -> "label " + label);
            perClass[label]++;
        }
        int[] expected = new int[10];
        Arrays.fill(expected, size / 10);
        assertArrayEquals(expected, perClass);
        DoubleSummaryStatistics pixels = Arrays.stream(data.features()).summaryStatistics();
        assertTrue(pixels.getMin() >= 0 && pixels.getMax() <= 1, () -> "pixels span " + pixels);
    }

    private static void assertSameHead(DenseDataset full, DenseDataset sample, int n) {
        DenseDataset a = full.head(n);
        DenseDataset b = sample.head(n);
        assertArrayEquals(a.features(), b.features());
        assertArrayEquals(a.labels(), b.labels());
    }

    private static void assertFails(Path images, Path labels, Path culprit, String... reasons) {
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(images, labels));
        assertMessage(e, culprit.toString(), reasons);
    }

    private static void assertMessage(Exception e, String fileName, String... reasons) {
        assertTrue(e.getMessage().contains(fileName), () -> "no '" + fileName + "' in: " + e.getMessage());
        for (String reason : reasons) {
            assertTrue(e.getMessage().contains(reason), () -> "no '" + reason + "' in: " + e.getMessage());
        }
    }

    private Path images(String name, byte[] pixels, int count, int rows, int cols) throws IOException {
        return write(name, idx(IMAGES_MAGIC, pixels, count, rows, cols));
    }

    private Path labels(String name, byte[] labels, int count) throws IOException {
        return write(name, idx(LABELS_MAGIC, labels, count));
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /** Counts the bytes skipped rather than read. */
    private static final class SkipProbe extends ByteArrayInputStream {
        long skipped;

        SkipProbe(byte[] content) {
            super(content);
        }

        @Override
        public synchronized long skip(long n) {
            long s = super.skip(n);
            skipped += s;
            return s;
        }
    }

    private static final class ClosingProbe extends ByteArrayInputStream {
        boolean closed;

        ClosingProbe(byte[] content) {
            super(content);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
