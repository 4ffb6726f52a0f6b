package org.sparkmlp.job.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A job file ({@code --conf FILE}): a properties file whose keys are option names without the dashes, e.g.
 * {@code layers = 784-256-128-10}. Its values are the defaults of the command's options, so an option given on the
 * command line wins. A key that names no option of the command is an error, so a typo is not silently ignored.
 */
final class JobFile implements IDefaultValueProvider {
    static final String OPTION = "--conf";

    private final Path file;
    private final Properties values;

    private JobFile(Path file, Properties values) {
        this.file = file;
        this.values = values;
    }

    /** The job file named by {@code --conf FILE} or {@code --conf=FILE} in {@code args}, or null. */
    static JobFile find(String[] args) throws IOException {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(OPTION) && i + 1 < args.length) {
                return read(Path.of(args[i + 1]));
            }
            if (args[i].startsWith(OPTION + "=")) {
                return read(Path.of(args[i].substring(OPTION.length() + 1)));
            }
        }
        return null;
    }

    static JobFile read(Path file) throws IOException {
        Properties values = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            values.load(in);
        }
        return new JobFile(file, values);
    }

    @Override
    public String defaultValue(ArgSpec spec) {
        if (spec instanceof OptionSpec option) {
            String value = values.getProperty(key(option));
            return value == null ? null : value.strip();
        }
        return null;
    }

    /** The file's path. */
    Path file() {
        return file;
    }

    /** Whether the file sets the option whose long name is {@code --key}. */
    boolean has(String key) {
        return values.containsKey(key);
    }

    /** Fails if the file has a key that is not an option of {@code command}. */
    void checkKeys(CommandLine command) {
        Set<String> known = new HashSet<>();
        for (OptionSpec option : command.getCommandSpec().options()) {
            known.add(key(option));
        }
        for (String key : values.stringPropertyNames()) {
            if (!known.contains(key)) {
                throw new CommandLine.ParameterException(
                        command,
                        "job file " + file + ": '" + key + "' is not an option of '"
                                + command.getCommandSpec().qualifiedName() + "'");
            }
        }
    }

    private static String key(OptionSpec option) {
        return option.longestName().replaceFirst("^-+", "");
    }
}
