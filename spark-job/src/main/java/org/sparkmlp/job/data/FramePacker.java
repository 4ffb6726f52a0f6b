package org.sparkmlp.job.data;

import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.sparkmlp.core.data.CsrBlock;
import org.sparkmlp.core.data.FeatureStorage;
import org.sparkmlp.core.data.Targets;
import org.sparkmlp.core.data.Task;
import org.sparkmlp.core.linalg.CsrMatrix;
import org.sparkmlp.job.data.RowDecoder.Rejected;
import scala.Tuple2;

/**
 * Numbers the records of a {@link FrameSource} {@code 0 … N − 1} in file order (files by path, then position),
 * decodes and checks them, and packs each contiguous range of numbers into the one block of its partition.
 *
 * <p>Spark orders a source's splits by size, not position, so {@code zipWithIndex} would number a multi-file
 * dataset out of file order. Instead a first pass counts the records of each split (file, start); sorted, those
 * counts give each split its first number, and the second pass numbers the rows within their split, then a
 * shuffle by {@link ContiguousPartitioner} sends each row to its partition, sorted.
 *
 * <p>What crosses the wire is built from Spark's own and primitive-array types (tuples, {@code long[]},
 * {@code double[]}), so that Kryo with {@code registrationRequired} needs no extra registrations.
 */
final class FramePacker {
    private FramePacker() {}

    /**
     * @param dataName   the dataset as the user named it, for "no records"
     * @param singleFile whether that name is one file, which messages then use instead of the file's URI
     */
    static Packed pack(
            FrameSource source,
            String dataName,
            boolean singleFile,
            int partitions,
            int numFeatures,
            Task task,
            int outputs,
            FeatureStorage storage,
            FeatureStorage autoDense)
            throws BadInputException {
        RowDecoder decoder = source.decoder();
        JavaRDD<Row> rows = source.frame().javaRDD();
        List<Split> splits = new ArrayList<>();
        for (Tuple2<String, long[]> s :
                rows.mapPartitions(it -> countSplits(it, decoder, numFeatures)).collect()) {
            splits.add(new Split(s._1(), s._2()[0], s._2()[1], s._2()[2], s._2()[3]));
        }
        splits.sort(Comparator.comparing(Split::file).thenComparingLong(Split::start));
        Map<String, long[]> firsts = new HashMap<>();
        long records = 0;
        long stored = 0;
        long rowInFile = 0;
        for (int i = 0; i < splits.size(); i++) {
            Split s = splits.get(i);
            rowInFile = i > 0 && splits.get(i - 1).file().equals(s.file()) ? rowInFile : 0;
            firsts.put(s.key(), new long[] {records, rowInFile});
            records += s.records();
            stored += s.stored();
            rowInFile += s.rows();
        }
        if (records == 0) {
            throw new BadInputException(dataName + ": no records");
        }
        FeatureStorage kind = storage != null ? storage : auto(stored, records, numFeatures, autoDense);
        boolean sparse = kind == FeatureStorage.SPARSE;
        Numbering numbering = new Numbering(
                decoder,
                firsts,
                singleFile ? dataName : null,
                numFeatures,
                task,
                source.labelled() ? outputs : 0,
                kind);
        ContiguousPartitioner partitioner = new ContiguousPartitioner(records, partitions);
        boolean labelled = source.labelled();
        JavaRDD<LabeledBlock> blocks = rows.mapPartitions(numbering::number)
                .mapToPair(t -> t)
                .repartitionAndSortWithinPartitions(partitioner)
                .mapPartitionsWithIndex(
                        (k, it) -> List.of(
                                        block(it, partitioner, k, numFeatures, labelled ? task : null, outputs, kind))
                                .iterator(),
                        true);
        return new Packed(blocks, records, labelled, kind);
    }

    /**
     * {@code --storage auto} for a DataFrame source: {@link FeatureStorage#SPARSE sparse} when the records store
     * fewer than {@link FeatureStorage#SPARSE_BELOW_DENSITY} of their features, else {@code dense}.
     */
    static FeatureStorage auto(long stored, long records, int numFeatures, FeatureStorage dense) {
        double density = stored / ((double) records * numFeatures);
        return density < FeatureStorage.SPARSE_BELOW_DENSITY ? FeatureStorage.SPARSE : dense;
    }

    /** Per split of the partition: its file and (start, rows, records, stored features). */
    private static Iterator<Tuple2<String, long[]>> countSplits(
            Iterator<Row> rows, RowDecoder decoder, int numFeatures) {
        List<Tuple2<String, long[]>> splits = new ArrayList<>();
        Tuple2<String, long[]> current = null;
        while (rows.hasNext()) {
            Row row = rows.next();
            if (current == null || !current._1().equals(row.getString(0)) || current._2()[0] != row.getLong(1)) {
                current = new Tuple2<>(row.getString(0), new long[] {row.getLong(1), 0, 0, 0});
                splits.add(current);
            }
            current._2()[1]++;
            if (decoder.isRecord(row)) {
                current._2()[2]++;
                current._2()[3] += decoder.storedFeatures(row, numFeatures);
            }
        }
        return splits.iterator();
    }

    private static LabeledBlock block(
            Iterator<Tuple2<Long, Tuple2<Tuple2<int[], double[]>, double[]>>> sorted,
            ContiguousPartitioner partitioner,
            int k,
            int d,
            Task task,
            int outputs,
            FeatureStorage kind) {
        int n = Math.toIntExact(partitioner.start(k + 1) - partitioner.start(k));
        long[] rows = new long[n];
        boolean sparse = kind == FeatureStorage.SPARSE;
        double[] features = sparse ? null : new double[Math.multiplyExact(n, d)];
        CsrMatrix csr = sparse ? new CsrMatrix(d, n, n) : null;
        int width = task == Task.REGRESSION ? outputs : 1;
        Targets targets = task == null
                ? null
                : task == Task.REGRESSION ? Targets.values(new double[n * width], width) : Targets.classes(new int[n]);
        int r = 0;
        for (; sorted.hasNext(); r++) {
            Tuple2<Long, Tuple2<Tuple2<int[], double[]>, double[]>> t = sorted.next();
            rows[r] = t._1();
            Tuple2<int[], double[]> x = t._2()._1();
            if (sparse) {
                csr.appendRow(x._1(), x._2(), 0, x._1().length);
            } else {
                System.arraycopy(x._2(), 0, features, r * d, d);
            }
            if (task == Task.REGRESSION) {
                System.arraycopy(t._2()._2(), 0, targets.values(), r * width, width);
            } else if (task != null) {
                targets.classLabels()[r] = (int) t._2()._2()[0];
            }
        }
        if (r != n) {
            throw new IllegalStateException("partition " + k + " received " + r + " rows, expected " + n);
        }
        return new LabeledBlock(rows, sparse ? new CsrBlock(csr.trim()) : kind.pack(features, d), targets);
    }

    /** One split of a source file and how many rows and records it holds. */
    private record Split(String file, long start, long rows, long records, long stored) {
        boolean holds(Row row) {
            return file.equals(row.getString(0)) && start == row.getLong(1);
        }

        String key() {
            return start + ":" + file;
        }
    }

    /**
     * The second pass: numbers, decodes and checks the rows of one partition, giving (number, (features, target)),
     * the target being the class label or the {@code outputs} real values; {@code outputs} is 0 for unlabelled
     * data, whose target is empty.
     */
    private record Numbering(
            RowDecoder decoder,
            Map<String, long[]> firsts,
            String fileName,
            int numFeatures,
            Task task,
            int outputs,
            FeatureStorage kind)
            implements Serializable {
        Iterator<Tuple2<Long, Tuple2<Tuple2<int[], double[]>, double[]>>> number(Iterator<Row> rows) {
            return new Iterator<>() {
                private Split split;
                private long record;
                private long rowInFile;
                private Tuple2<Long, Tuple2<Tuple2<int[], double[]>, double[]>> next;

                @Override
                public boolean hasNext() {
                    while (next == null && rows.hasNext()) {
                        Row row = rows.next();
                        if (split == null || !split.holds(row)) {
                            split = new Split(row.getString(0), row.getLong(1), 0, 0, 0);
                            long[] first = firsts.get(split.key());
                            record = first[0];
                            rowInFile = first[1];
                        }
                        if (decoder.isRecord(row)) {
                            next = new Tuple2<>(record, decode(row, record, rowInFile));
                            record++;
                        }
                        rowInFile++;
                    }
                    return next != null;
                }

                @Override
                public Tuple2<Long, Tuple2<Tuple2<int[], double[]>, double[]>> next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Tuple2<Long, Tuple2<Tuple2<int[], double[]>, double[]>> t = next;
                    next = null;
                    return t;
                }
            };
        }

        /** (features, target); features are (indices, values) of the stored entries, indices null when dense. */
        private Tuple2<Tuple2<int[], double[]>, double[]> decode(Row row, long record, long rowInFile) {
            try {
                Tuple2<int[], double[]> x;
                if (kind == FeatureStorage.SPARSE) {
                    x = decoder.sparseFeatures(row, numFeatures);
                    RecordCheck.requireFinite(x._1(), x._2(), decoder);
                } else {
                    double[] dense = new double[numFeatures];
                    decoder.features(row, dense);
                    RecordCheck.requireFinite(dense, decoder);
                    RecordCheck.requireHeld(dense, kind, decoder);
                    x = new Tuple2<>(null, dense);
                }
                return new Tuple2<>(x, target(row));
            } catch (Rejected why) {
                String file = fileName != null ? fileName : row.getString(0);
                // Unchecked to leave the iterator; the loader unwraps it on the driver.
                throw new UncheckedIOException(RecordCheck.failure(file, record, decoder.line(rowInFile), why));
            }
        }

        private double[] target(Row row) throws Rejected {
            if (outputs == 0) {
                return new double[0];
            }
            if (task == Task.CLASSIFICATION) {
                return new double[] {RecordCheck.classLabel(decoder.label(row), outputs)};
            }
            double[] y = new double[outputs];
            decoder.targets(row, y);
            RecordCheck.requireFiniteTargets(y);
            return y;
        }
    }
}
