package org.sparkmlp.job.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.Path;
import org.sparkmlp.core.network.Topology;
import org.sparkmlp.job.model.MlpModel;
import org.sparkmlp.job.model.ModelDirectory;
import org.sparkmlp.job.onnx.OnnxExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlp export}: a trained model as an ONNX file, without Spark. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Writes a model as an ONNX file (opset 13): input 'features' float [N, inputs], with the "
                + "feature standardisation inside; outputs 'probability' float [N, classes] and 'prediction' "
                + "int64 [N].")
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "Model directory (or model file).")
    String model;

    @Option(names = "--onnx", required = true, description = "The ONNX file to write (any Hadoop path).")
    String onnx;

    @Option(names = "--overwrite", description = "Replace an existing file.")
    boolean overwrite;

    @Override
    public Integer call() throws IOException {
        Configuration conf = new Configuration();
        Path target = new Path(onnx);
        if (!overwrite && target.getFileSystem(conf).exists(target)) {
            throw new FileAlreadyExistsException(
                    "the ONNX path " + onnx + " already exists; choose another or pass --overwrite");
        }
        new OutputLocations(conf).beside("--onnx", onnx);
        MlpModel trained = ModelDirectory.read(model, conf);
        OnnxExport.write(trained, target, conf);
        Topology topology = trained.topology();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "ONNX model of %s written to %s (input %s [N, %d]; outputs probability [N, %d], prediction [N])%n",
                topology, onnx, OnnxExport.FEATURES, topology.inputSize(), topology.outputSize());
        out.flush();
        return 0;
    }
}
