package org.sparkmlp.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads MNIST-style IDX files — unsigned-byte images ({@code 0x00000803}) with their unsigned-byte labels
 * ({@code 0x00000801}), plain or gzip-compressed — into a {@link DenseDataset}: one example per image, its
 * pixels row by row and scaled from {@code 0..255} to {@code [0, 1]}.
 *
 * <p>Gzip is recognised by its magic bytes, not by the file name. Both files are checked strictly against
 * their headers (magic number, positive sizes that fit in an array, equal image and label counts, no missing
 * and no extra bytes) before or while reading, and every failure is an {@link IOException}, an
 * {@link IdxFormatException} for bad content, whose message names the file and says what is wrong.
 *
 * <p>For distributed reading, {@link #imagesHeader} and {@link #labelsHeader} read only the headers, and
 * {@link #readImages} and {@link #readLabels} read one range of records each, with the same checks.
 */
public final class IdxReader {
    private static final String IMAGES_TAG = "images-idx3";
    private static final String LABELS_TAG = "labels-idx1";
    /** Pixels are decoded in chunks of about this many bytes of whole images. */
    private static final int CHUNK_BYTES = 1 << 16;

    private IdxReader() {}

    /** Reads an images file and its labels file. */
    public static DenseDataset read(Path images, Path labels) throws IOException {
        try (InputStream imageStream = Files.newInputStream(images);
                InputStream labelStream = Files.newInputStream(labels)) {
            return read(imageStream, images.toString(), labelStream, labels.toString());
        }
    }

    /**
     * Reads an images stream and its labels stream to their ends, then closes both. The names serve only
     * the error messages, so any string that identifies the source will do (a Hadoop path, say).
     */
    public static DenseDataset read(InputStream images, String imagesName, InputStream labels, String labelsName)
            throws IOException {
        try (images;
                labels;
                IdxFile imageFile = new IdxFile(images, imagesName, IdxFile.Kind.IMAGES);
                IdxFile labelFile = new IdxFile(labels, labelsName, IdxFile.Kind.LABELS)) {
            requireSameCount(
                    new IdxHeader(imageFile.count(), imageFile.recordSize()),
                    imagesName,
                    new IdxHeader(labelFile.count(), labelFile.recordSize()),
                    labelsName);
            return new DenseDataset(
                    readPixels(imageFile, 0, imageFile.count()),
                    readLabels(labelFile, 0, labelFile.count()),
                    imageFile.recordSize());
        }
    }

    /** Reads only the header of an images stream, then closes it; the name serves the error messages. */
    public static IdxHeader imagesHeader(InputStream images, String name) throws IOException {
        return header(images, name, IdxFile.Kind.IMAGES);
    }

    /** Reads only the header of a labels stream, then closes it; the name serves the error messages. */
    public static IdxHeader labelsHeader(InputStream labels, String name) throws IOException {
        return header(labels, name, IdxFile.Kind.LABELS);
    }

    /** Fails unless an images file and its labels file declare the same number of records. */
    public static void requireSameCount(IdxHeader images, String imagesName, IdxHeader labels, String labelsName)
            throws IdxFormatException {
        if (images.count() != labels.count()) {
            throw new IdxFormatException("image and label counts differ: " + imagesName + " holds " + images.count()
                    + " images but " + labelsName + " holds " + labels.count() + " labels");
        }
    }

    /**
     * Reads images {@code [from, from + count)} of an images stream, then closes it: pixels row by row, scaled to
     * {@code [0, 1]}, image after image. The images before {@code from} are skipped (a seek on a plain stream
     * that supports one, decompression on gzip). A range that ends at the last image also checks that nothing
     * follows it, so reading a file in consecutive ranges is as strict as {@link #read}.
     *
     * @throws IllegalArgumentException if the range is not within the header's count
     */
    public static double[] readImages(InputStream images, String name, int from, int count) throws IOException {
        try (images;
                IdxFile file = new IdxFile(images, name, IdxFile.Kind.IMAGES)) {
            return readPixels(file, from, count);
        }
    }

    /**
     * Reads images {@code [from, from + count)} as {@link #readImages} does, but unscaled: the pixel bytes
     * themselves, which {@link Uint8Block} reads as the same doubles.
     */
    public static byte[] readImageBytes(InputStream images, String name, int from, int count) throws IOException {
        try (images;
                IdxFile file = new IdxFile(images, name, IdxFile.Kind.IMAGES)) {
            seek(file, from, count);
            // Cannot overflow: IdxFile refuses headers whose values would not fit in one array.
            byte[] pixels = new byte[count * file.recordSize()];
            file.readNext(pixels, count);
            expectEndAfterLast(file, from, count);
            return pixels;
        }
    }

    /** Reads labels {@code [from, from + count)} of a labels stream, as {@link #readImages} reads images. */
    public static int[] readLabels(InputStream labels, String name, int from, int count) throws IOException {
        try (labels;
                IdxFile file = new IdxFile(labels, name, IdxFile.Kind.LABELS)) {
            return readLabels(file, from, count);
        }
    }

    /**
     * The labels file that the standard naming puts beside an images file, e.g.
     * {@code data/train-images-idx3-ubyte.gz} → {@code data/train-labels-idx1-ubyte.gz}.
     *
     * @throws IllegalArgumentException if the file name does not follow that convention
     */
    public static Path labelsBeside(Path images) {
        Path name = images.getFileName();
        if (name == null) {
            throw new IllegalArgumentException("'" + images + "' has no file name, so it names no images file");
        }
        return images.resolveSibling(labelsFileNameFor(name.toString()));
    }

    /**
     * The labels file name for an images file name: {@code images-idx3} replaced by {@code labels-idx1}, so
     * {@code t10k-images-idx3-ubyte.gz} → {@code t10k-labels-idx1-ubyte.gz}. Works on bare names so that
     * callers with their own path types (Hadoop's, say) can use it.
     *
     * @throws IllegalArgumentException if the name does not contain {@code images-idx3}
     */
    public static String labelsFileNameFor(String imagesFileName) {
        int at = imagesFileName.lastIndexOf(IMAGES_TAG);
        if (at < 0) {
            throw new IllegalArgumentException("'" + imagesFileName + "' does not follow the IDX naming convention "
                    + "<prefix>-" + IMAGES_TAG + "-ubyte[.gz], so its labels file cannot be derived from it; "
                    + "name the labels file explicitly");
        }
        return imagesFileName.substring(0, at) + LABELS_TAG + imagesFileName.substring(at + IMAGES_TAG.length());
    }

    private static IdxHeader header(InputStream in, String name, IdxFile.Kind kind) throws IOException {
        try (in;
                IdxFile file = new IdxFile(in, name, kind)) {
            return new IdxHeader(file.count(), file.recordSize());
        }
    }

    private static double[] readPixels(IdxFile file, int from, int count) throws IOException {
        seek(file, from, count);
        int size = file.recordSize();
        // Cannot overflow: IdxFile refuses headers whose values would not fit in one array.
        double[] pixels = new double[count * size];
        int imagesPerChunk = Math.max(1, CHUNK_BYTES / size);
        byte[] chunk = new byte[imagesPerChunk * size];
        for (int first = 0; first < count; first += imagesPerChunk) {
            int n = Math.min(imagesPerChunk, count - first);
            file.readNext(chunk, n);
            int offset = first * size;
            for (int i = 0; i < n * size; i++) {
                pixels[offset + i] = (chunk[i] & 0xFF) / 255.0;
            }
        }
        expectEndAfterLast(file, from, count);
        return pixels;
    }

    private static int[] readLabels(IdxFile file, int from, int count) throws IOException {
        seek(file, from, count);
        byte[] bytes = new byte[count];
        file.readNext(bytes, count);
        expectEndAfterLast(file, from, count);
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = bytes[i] & 0xFF;
        }
        return labels;
    }

    private static void seek(IdxFile file, int from, int count) throws IOException {
        if (from < 0 || count < 0 || (long) from + count > file.count()) {
            throw new IllegalArgumentException("records [" + from + ", " + ((long) from + count)
                    + ") are not within the " + file.count() + " records of the file");
        }
        file.skip(from);
    }

    private static void expectEndAfterLast(IdxFile file, int from, int count) throws IOException {
        if (from + count == file.count()) {
            file.expectEnd();
        }
    }
}
