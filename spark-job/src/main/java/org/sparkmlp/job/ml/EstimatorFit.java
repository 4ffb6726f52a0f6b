package org.sparkmlp.job.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.core.train.EpochResult;
import org.sparkmlp.core.train.Evaluation;
import org.sparkmlp.job.data.DataLoader;
import org.sparkmlp.job.data.DataSpec;
import org.sparkmlp.job.data.LoadedData;
import org.sparkmlp.job.model.MlpModel;
import org.sparkmlp.job.train.TrainingListener;
import org.sparkmlp.job.train.TrainingRun;
import org.sparkmlp.job.train.TrainingSpec;

/**
 * What {@code fit} does for both estimators: packs the DataFrame's training rows (and its validation rows, those
 * where the indicator column is true) into blocks, runs the spec's {@link TrainingRun} on them, logs each epoch and
 * releases the blocks, however training ends.
 */
final class EstimatorFit {
    private static final Logger LOG = LoggerFactory.getLogger(EstimatorFit.class);

    private EstimatorFit() {}

    /**
     * @param estimator  what to call the estimator in logs and the model's metadata, e.g. {@code MlpRegressor mlpr_…}
     * @param indicator  the validation indicator column, or empty for none
     */
    static MlpModel fit(
            TrainingSpec spec,
            Dataset<?> dataset,
            String featuresCol,
            String labelCol,
            String indicator,
            String estimator) {
        Topology topology = spec.topology();
        Dataset<Row> rows = dataset.toDF();
        TrainingRun run = new TrainingRun(spec);
        DataSpec columns = run.loading(new DataSpec("DataFrame", null, null, labelCol, featuresCol, true));
        LoadedData train = null;
        LoadedData validation = null;
        try {
            train = DataLoader.fromFrame(
                    indicator.isEmpty() ? rows : rows.filter(not(col(indicator))),
                    "the training rows",
                    columns,
                    spec.partitions(),
                    topology.inputSize(),
                    topology.outputSize());
            validation = indicator.isEmpty()
                    ? null
                    : DataLoader.fromFrame(
                            rows.filter(col(indicator)),
                            "the validation rows",
                            columns,
                            spec.partitions(),
                            topology.inputSize(),
                            topology.outputSize());
            TrainingRun.Data data = run.prepare(train, validation);
            train = data.train();
            validation = data.validation();
            Map<String, Object> provenance = new LinkedHashMap<>();
            provenance.put("trainingData", "DataFrame (" + estimator + ")");
            return run.train(
                            JavaSparkContext.fromSparkContext(
                                    rows.sparkSession().sparkContext()),
                            data,
                            null,
                            new EpochLog(estimator),
                            provenance)
                    .model();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (train != null) {
                train.blocks().unpersist(false);
            }
            if (validation != null) {
                validation.blocks().unpersist(false);
            }
        }
    }

    private record EpochLog(String estimator) implements TrainingListener {
        @Override
        public void resuming(String directory, OptionalLong iteration) {
            LOG.info(
                    "{}: {}",
                    estimator,
                    iteration.isPresent()
                            ? "resuming from the checkpoint after iteration " + iteration.getAsLong()
                            : "no checkpoint in " + directory + " yet; starting from the beginning");
        }

        @Override
        public void epochDone(EpochResult result, Evaluation validation) {
            LOG.info(String.format(Locale.ROOT, "%s: %s", estimator, result));
        }
    }
}
