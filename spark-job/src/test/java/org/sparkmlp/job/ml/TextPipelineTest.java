package org.sparkmlp.job.ml;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.Tokenizer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparkmlp.corpora.ManPageCorpus;
import org.sparkmlp.job.spark.LocalSpark;

/**
 * Spark ML's standard text pipeline, {@code Tokenizer → HashingTF(2^18) → MlpClassifier}, on real text: the
 * manual pages of this machine, labelled by section. Dense, each row would be 2 MB.
 */
class TextPipelineTest {
    static final int PER_SECTION = 250;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("TextPipelineTest");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** label (double), text (string), in corpus order; the {@link ManPageCorpus#heldOut} documents are the test set. */
    static Dataset<Row>[] trainAndTest(SparkSession spark, List<ManPageCorpus.Document> documents) {
        List<Row> train = new ArrayList<>();
        List<Row> test = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            ManPageCorpus.Document doc = documents.get(i);
            (ManPageCorpus.heldOut(i) ? test : train).add(RowFactory.create((double) doc.label(), doc.text()));
        }
        StructType schema =
                new StructType().add("label", DataTypes.DoubleType, false).add("text", DataTypes.StringType, false);
        @SuppressWarnings("unchecked")
        Dataset<Row>[] sets = new Dataset[] {
            spark.createDataFrame(train, schema).repartition(2).cache(),
            spark.createDataFrame(test, schema).repartition(2).cache()
        };
        return sets;
    }

    @ParameterizedTest
    @ValueSource(strings = {"adam", "lazy-adam"})
    void tokenizerHashingTfAndMlpClassifierLearnTheSectionsOfManualPages(String optimizer) {
        List<ManPageCorpus.Document> documents = ManPageCorpus.read(PER_SECTION);
        assumeFalse(documents.isEmpty(), ManPageCorpus.missing(PER_SECTION));
        Dataset<Row>[] sets = trainAndTest(spark, documents);
        int classes = ManPageCorpus.SECTIONS.size();
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new Tokenizer().setInputCol("text").setOutputCol("words"),
            new HashingTF().setNumFeatures(1 << 18).setInputCol("words").setOutputCol("features"),
            new MlpClassifier()
                    .setLayers(1 << 18, 16, classes)
                    .setActivation("relu")
                    .setOptimizer(optimizer)
                    .setLearningRate(0.003)
                    .setBatchSize(64)
                    .setEpochs(4)
                    .setNumPartitions(2)
        });
        long started = System.nanoTime();
        PipelineModel model = pipeline.fit(sets[0]);
        double seconds = (System.nanoTime() - started) / 1e9;
        double accuracy = new MulticlassClassificationEvaluator()
                .setMetricName("accuracy")
                .evaluate(model.transform(sets[1]));
        double majority = sets[1].groupBy("label")
                        .count()
                        .agg(org.apache.spark.sql.functions.max("count"))
                        .first()
                        .getLong(0)
                / (double) sets[1].count();
        String result = optimizer + ", " + documents.size() + " manual pages: accuracy " + accuracy
                + ", majority class " + majority + ", fit " + seconds + " s";
        System.out.println(result);
        assertTrue(accuracy > majority + 0.4, result);
    }
}
