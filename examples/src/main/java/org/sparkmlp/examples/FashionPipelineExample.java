package org.sparkmlp.examples;

import java.util.Arrays;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.sparkmlp.job.ml.MlpClassifier;

/**
 * spark-mlp from Spark ML: a {@link Pipeline} that indexes string labels, assembles a feature vector and trains
 * an {@link MlpClassifier}, tuned by a {@link CrossValidator} over the learning rate, saved, loaded back and
 * evaluated on held-out data.
 *
 * <p>Arguments: a Parquet training set, a Parquet test set (columns {@code pixels}: vector, {@code brightness}:
 * double, {@code garment}: string), and where to save the fitted pipeline. Prints the cross-validation metrics and
 * the test accuracy.
 */
public final class FashionPipelineExample {
    private FashionPipelineExample() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: FashionPipelineExample TRAIN.parquet TEST.parquet MODEL_DIR");
            System.exit(2);
        }
        SparkSession spark =
                SparkSession.builder().appName("spark-mlp pipeline example").getOrCreate();
        Dataset<Row> train = spark.read().parquet(args[0]).cache();
        Dataset<Row> test = spark.read().parquet(args[1]);

        MlpClassifier mlp = new MlpClassifier()
                .setLayers(785, 64, 10)
                .setActivation("relu")
                .setOptimizer("momentum")
                .setBatchSize(64)
                .setEpochs(3)
                .setStandardize(true)
                .setFeaturesCol("features")
                .setLabelCol("label");
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new StringIndexer().setInputCol("garment").setOutputCol("label"),
            new VectorAssembler()
                    .setInputCols(new String[] {"pixels", "brightness"})
                    .setOutputCol("features"),
            mlp
        });

        ParamMap[] grid = new ParamGridBuilder()
                .addGrid(mlp.learningRate(), new double[] {0.003, 0.03})
                .build();
        MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy");
        CrossValidatorModel tuned = new CrossValidator()
                .setEstimator(pipeline)
                .setEstimatorParamMaps(grid)
                .setEvaluator(accuracy)
                .setNumFolds(2)
                .setSeed(1)
                .fit(train);
        System.out.println("cross-validated accuracy per learning rate "
                + Arrays.toString(grid).replace('\n', ' ') + ": " + Arrays.toString(tuned.avgMetrics()));

        PipelineModel best = (PipelineModel) tuned.bestModel();
        best.write().overwrite().save(args[2]);
        PipelineModel loaded = PipelineModel.load(args[2]);
        System.out.printf("test accuracy of the saved pipeline: %.4f%n", accuracy.evaluate(loaded.transform(test)));
        spark.stop();
    }
}
