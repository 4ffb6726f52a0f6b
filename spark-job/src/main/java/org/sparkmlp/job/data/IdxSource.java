package org.sparkmlp.job.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.sparkmlp.core.data.FeatureStorage;
import org.sparkmlp.core.data.IdxHeader;
import org.sparkmlp.core.data.IdxReader;
import org.sparkmlp.core.data.Uint8Block;
import org.sparkmlp.job.data.RowDecoder.Rejected;

/**
 * IDX images (and labels) read where they are used: the driver reads only the headers, and each partition opens
 * the files through Hadoop, skips to its range of records (a seek in a plain file, decompression in gzip) and
 * reads that range, with {@link IdxReader}'s checks.
 */
final class IdxSource implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Broadcast, not a field: every task of every job derived from these blocks carries this object. */
    private final Broadcast<SerializableConfiguration> conf;

    private final String images;
    private final String labels;
    private final ContiguousPartitioner ranges;
    private final int numFeatures;
    private final int classes;
    private final FeatureStorage storage;

    private IdxSource(
            Broadcast<SerializableConfiguration> conf,
            String images,
            String labels,
            ContiguousPartitioner ranges,
            int numFeatures,
            int classes,
            FeatureStorage storage) {
        this.conf = conf;
        this.images = images;
        this.labels = labels;
        this.ranges = ranges;
        this.numFeatures = numFeatures;
        this.classes = classes;
        this.storage = storage;
    }

    /** Reads {@code images} and, unless null, {@code labels} into {@code partitions} blocks of {@code storage}. */
    static Packed read(
            SparkSession spark,
            String images,
            String labels,
            int partitions,
            int numFeatures,
            int classes,
            FeatureStorage storage)
            throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        IdxHeader header = IdxReader.imagesHeader(open(conf, images), images);
        if (header.recordSize() != numFeatures) {
            throw new BadInputException(images + ": its images have " + header.recordSize() + " pixels, expected "
                    + numFeatures + " features");
        }
        if (labels != null) {
            IdxReader.requireSameCount(header, images, IdxReader.labelsHeader(open(conf, labels), labels), labels);
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        IdxSource source = new IdxSource(
                sc.broadcast(new SerializableConfiguration(conf)),
                images,
                labels,
                new ContiguousPartitioner(header.count(), partitions),
                numFeatures,
                classes,
                storage);
        List<Integer> ids = IntStream.range(0, partitions).boxed().toList();
        JavaRDD<LabeledBlock> blocks = sc.parallelize(ids, partitions).map(source::block);
        return new Packed(blocks, header.count(), labels != null, storage);
    }

    private LabeledBlock block(int k) throws IOException {
        int from = (int) ranges.start(k);
        int n = (int) (ranges.start(k + 1) - from);
        long[] rows = LongStream.range(from, from + n).toArray();
        byte[] pixels = IdxReader.readImageBytes(open(conf.value().value(), images), images, from, n);
        int[] y = labels == null ? null : IdxReader.readLabels(open(conf.value().value(), labels), labels, from, n);
        if (y != null) {
            for (int r = 0; r < n; r++) {
                try {
                    RecordCheck.classLabel(y[r], classes);
                } catch (Rejected why) {
                    throw RecordCheck.failure(labels, from + r, "", why);
                }
            }
        }
        return new LabeledBlock(rows, storage.pack(new Uint8Block(pixels, numFeatures)), y);
    }

    private static InputStream open(Configuration conf, String file) throws IOException {
        Path path = new Path(file);
        return path.getFileSystem(conf).open(path);
    }
}
