package org.sparkmlp.job.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;

/** Runs the {@code mlp} command line in the test JVM, as {@link MlpCommand#main} does, and captures its output. */
public final class InProcessMlp {
    private InProcessMlp() {}

    /** What a command printed and returned. */
    public record Result(int exitCode, String out, String err) {}

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try {
            CommandLine cli = MlpCommand.newCommandLine(args);
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            return new Result(cli.execute(args), out.toString(), err.toString());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Stops the Spark session that the commands run in this JVM share, so that the next test class starts its own
     * (for a test class's {@code @AfterAll}).
     */
    public static void stopSpark() {
        SparkSession.getDefaultSession().foreach(session -> {
            session.stop();
            return null;
        });
    }
}
