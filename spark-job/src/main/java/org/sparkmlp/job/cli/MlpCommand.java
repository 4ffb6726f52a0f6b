package org.sparkmlp.job.cli;

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

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "missing subcommand; try --help");
    }

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and tests. */
    public static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new MlpCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("mlp: " + e.getMessage());
            return e instanceof ArithmeticException ? EXIT_TRAINING_FAILED
                    : e instanceof java.io.IOException || e instanceof IllegalArgumentException ? EXIT_BAD_INPUT : 1;
        });
        return cli;
    }
}
