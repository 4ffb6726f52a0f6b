package org.sparkmlp.job.cli;

import org.sparkmlp.job.train.InvalidOptionException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Usage errors that name an option as the user gave it: its flag, or the job file key that set its value. */
final class UsageErrors {
    private UsageErrors() {}

    /** {@code e} as a usage error of {@code cli} (exit 2, one line). */
    static ParameterException of(CommandLine cli, InvalidOptionException e) {
        return new ParameterException(cli, e.message(option -> name(cli, option.cliName())), e);
    }

    /** {@code --lr}, or {@code 'lr' in job file F} when the value came from the job file. */
    static String name(CommandLine cli, String option) {
        String flag = "--" + option;
        if (cli.getDefaultValueProvider() instanceof JobFile jobFile
                && jobFile.has(option)
                && !cli.getParseResult().hasMatchedOption(flag)) {
            return "'" + option + "' in job file " + jobFile.file();
        }
        return flag;
    }
}
