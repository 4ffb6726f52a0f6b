package org.sparkmlp.bench.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.RDDInfo;
import org.sparkmlp.core.data.FeatureStorage;
import org.sparkmlp.job.data.DataLoader;
import org.sparkmlp.job.data.DataSpec;
import org.sparkmlp.job.data.LabeledBlock;
import org.sparkmlp.job.data.LoadedData;

/**
 * What the cached training set costs in each storage kind: bytes per row from the blocks' own accounting, and the
 * memory Spark's block manager reports for the cached 1× set and for a real {@code factor}× copy (Spark's
 * storage info: its size estimate of the deserialised blocks in memory, all partitions cached).
 */
final class StorageFootprint {
    /** One kind's footprint; the sizes are Spark's, in bytes. */
    record Result(FeatureStorage kind, double bytesPerRow, long cached, int factor, long cachedReplicated) {}

    private StorageFootprint() {}

    /** Each kind in turn, loaded by the job's own {@link DataLoader} from the IDX files in {@code directory}. */
    static List<Result> measure(SparkSession spark, Path directory, int partitions, int factor) throws IOException {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        String images = directory.resolve("train-images-idx3-ubyte.gz").toString();
        List<Result> results = new ArrayList<>();
        for (FeatureStorage kind : FeatureStorage.values()) {
            LoadedData data = DataLoader.load(
                    spark,
                    DataSpec.labelled(images).withStorage(kind),
                    partitions,
                    BenchData.FEATURES,
                    BenchData.CLASSES);
            long bytes = data.blocks().map(LabeledBlock::bytes).reduce(Long::sum);
            long cached = memory(sc, data.blocks(), kind.cliName() + " 1×");
            JavaRDD<LabeledBlock> replicated = DatasetScaling.replicate(data.blocks(), data.count(), factor);
            long cachedReplicated = memory(sc, replicated, kind.cliName() + " " + factor + "×");
            replicated.unpersist(true);
            data.blocks().unpersist(true);
            results.add(new Result(kind, (double) bytes / data.count(), cached, factor, cachedReplicated));
        }
        return results;
    }

    /** Spark's in-memory size of a cached, materialised RDD; fails unless every partition is in memory. */
    private static long memory(JavaSparkContext sc, JavaRDD<?> rdd, String what) {
        for (RDDInfo info : sc.sc().getRDDStorageInfo()) {
            if (info.id() == rdd.id()) {
                if (info.numCachedPartitions() != info.numPartitions() || info.diskSize() > 0) {
                    throw new IllegalStateException("the " + what + " copy (RDD " + rdd.id()
                            + ") is not wholly in memory: "
                            + info.numCachedPartitions() + " of " + info.numPartitions() + " partitions, "
                            + info.diskSize() + " bytes on disk; give the driver more memory (BENCH_JAVA_OPTS)");
                }
                return info.memSize();
            }
        }
        throw new IllegalStateException("the " + what + " copy (RDD " + rdd.id() + ") is not cached");
    }
}
