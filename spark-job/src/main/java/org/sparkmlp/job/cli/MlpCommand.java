package org.sparkmlp.job.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparkmlp.job.data.BadInputException;
import org.sparkmlp.job.model.ModelFormatException;
import org.sparkmlp.job.model.ModelRootLock;
import org.sparkmlp.job.train.TrainingFailedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mlp} command line: the entry point of {@code deploy/mlp} and of spark-submit. */
@Command(
        name = "mlp",
        mixinStandardHelpOptions = true,
        version = "spark-mlp 0.1.0",
        description = "Trains, evaluates and applies multilayer perceptrons on Spark.",
        subcommands = {
            TrainCommand.class,
            EvaluateCommand.class,
            PredictCommand.class,
            InspectCommand.class,
            ExportCommand.class,
            CommandLine.HelpCommand.class
        })
public final class MlpCommand implements Runnable {

    /** Exit code for a usage error: an unknown option, a missing value. */
    public static final int EXIT_USAGE = 2;
    /** Exit code for input that cannot be used: a bad file or record, a model path that exists. */
    public static final int EXIT_BAD_INPUT = 3;
    /** Exit code for training that failed (e.g. the cost diverged). */
    public static final int EXIT_TRAINING_FAILED = 4;
    /** Exit code for a failure to read or write storage that is not the input's fault. */
    public static final int EXIT_IO_FAILURE = 5;
    /** Exit code for a scheduled run whose model root another run still holds after {@code --lock-wait}. */
    public static final int EXIT_LOCKED = 6;

    /**
     * The system property naming the log file of conf/log4j2.properties, which the launch scripts set; when it is
     * set, the error line says where the error's full trace is.
     */
    static final String LOG_FILE = "mlp.log.file";

    private static final String JUL_FORMAT = "java.util.logging.SimpleFormatter.format";
    private static final Logger LOG = LoggerFactory.getLogger(MlpCommand.class);

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        CommandLine cli = spec.commandLine();
        throw new CommandLine.ParameterException(
                cli,
                "missing subcommand: one of "
                        + String.join(", ", cli.getSubcommands().keySet()));
    }

    public static void main(String[] args) {
        if (System.getProperty(JUL_FORMAT) == null) {
            // one short line per log record instead of java.util.logging's two
            System.setProperty(JUL_FORMAT, "%4$s %3$s: %5$s%6$s%n");
        }
        int code = execute(args);
        // In YARN cluster deploy mode this main runs in the application master, which counts any System.exit
        // before it reports its final status as a failure: success returns, and the master reports SUCCEEDED.
        if (code == 0
                && "yarn".equals(System.getProperty("spark.master"))
                && "cluster".equals(System.getProperty("spark.submit.deployMode"))) {
            return;
        }
        System.exit(code);
    }

    /** Runs a command line; returns its exit code. */
    static int execute(String... args) {
        CommandLine cli;
        try {
            cli = newCommandLine(args);
        } catch (IOException e) {
            System.err.println("mlp: cannot read the job file: " + describe(e));
            return EXIT_BAD_INPUT;
        }
        return cli.execute(args);
    }

    /** The configured command line for {@code args}: with the defaults of the job file they name, if any. */
    public static CommandLine newCommandLine(String... args) throws IOException {
        // a repeated option takes its last value, as in most command lines (e.g. a wrapper script's defaults)
        CommandLine cli = new CommandLine(new MlpCommand())
                .setOverwrittenOptionsAllowed(true)
                .setCaseInsensitiveEnumValuesAllowed(true);
        JobFile jobFile = JobFile.find(args);
        if (jobFile != null) {
            cli.getSubcommands().get("train").setDefaultValueProvider(jobFile);
        }
        cli.setParameterExceptionHandler((e, ignored) -> {
            // one line, not picocli's default of the error followed by the whole usage text
            CommandLine failed = e.getCommandLine();
            failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": " + e.getMessage() + " (see --help)");
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            Throwable cause = knownCause(e);
            LOG.error("mlp {} failed", String.join(" ", args), e);
            String logFile = System.getProperty(LOG_FILE);
            commandLine
                    .getErr()
                    .println("mlp: " + describe(cause) + (logFile == null ? "" : " (log: " + logFile + ")"));
            return exitCode(cause);
        });
        return cli;
    }

    /** The first exception in the cause chain that says what went wrong for the user (Spark wraps task failures). */
    private static Throwable knownCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException
                    || t instanceof ArithmeticException
                    || t instanceof IllegalArgumentException
                    || t instanceof TrainingFailedException) {
                return t instanceof UncheckedIOException unchecked ? unchecked.getCause() : t;
            }
        }
        return e;
    }

    private static int exitCode(Throwable e) {
        if (e instanceof ArithmeticException || e instanceof TrainingFailedException) {
            return EXIT_TRAINING_FAILED;
        }
        if (e instanceof ModelRootLock.LockedException) {
            return EXIT_LOCKED;
        }
        if (e instanceof BadInputException
                || e instanceof ModelFormatException
                || e instanceof FileNotFoundException
                || e instanceof NoSuchFileException
                || e instanceof FileAlreadyExistsException
                || e instanceof IllegalArgumentException
                || e instanceof OutputLocations.UnwritableOutputException) {
            return EXIT_BAD_INPUT;
        }
        return e instanceof IOException ? EXIT_IO_FAILURE : 1;
    }

    private static String describe(Throwable e) {
        if (e instanceof NoSuchFileException missing) {
            return "no such file: " + missing.getFile();
        }
        if (e instanceof AccessDeniedException denied) {
            return "permission denied: " + denied.getFile();
        }
        // one line: HDFS's remote errors carry the server's stack trace in their message
        String message = e.getMessage() != null ? e.getMessage() : e.toString();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
