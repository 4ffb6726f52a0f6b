package org.sparkmlp.job.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mlp} command line: the entry point of {@code deploy/mlp} and of spark-submit. */
@Command(name = "mlp", mixinStandardHelpOptions = true, version = "spark-mlp 0.1.0",
        description = "Trains and evaluates multilayer perceptrons.",
        subcommands = {TrainCommand.class, CommandLine.HelpCommand.class})
public final class MlpCommand implements Runnable {

    /** Exit code for input that cannot be used (a bad file, a record that does not fit the network). */
    public static final int EXIT_BAD_INPUT = 3;
    /** Exit code for training that failed (e.g. the cost diverged). */
    public static final int EXIT_TRAINING_FAILED = 4;

    private static final String JUL_FORMAT = "java.util.logging.SimpleFormatter.format";

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "missing subcommand; try --help");
    }

    public static void main(String[] args) {
        if (System.getProperty(JUL_FORMAT) == null) {
            // one short line per log record instead of java.util.logging's two
            System.setProperty(JUL_FORMAT, "%4$s %3$s: %5$s%6$s%n");
        }
        System.exit(newCommandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and tests. */
    public static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new MlpCommand());
        cli.setParameterExceptionHandler((e, args) -> {
            // one line, not picocli's default of the error followed by the whole usage text
            CommandLine failed = e.getCommandLine();
            failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": " + e.getMessage()
                    + " (see --help)");
            return failed.getCommandSpec().exitCodeOnInvalidInput();
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("mlp: " + describe(e));
            return e instanceof ArithmeticException ? EXIT_TRAINING_FAILED
                    : e instanceof IOException || e instanceof IllegalArgumentException ? EXIT_BAD_INPUT : 1;
        });
        return cli;
    }

    private static String describe(Exception e) {
        if (e instanceof NoSuchFileException missing) {
            return "no such file: " + missing.getFile();
        }
        if (e instanceof AccessDeniedException denied) {
            return "permission denied: " + denied.getFile();
        }
        return e.getMessage();
    }
}
