package org.sparkmlp.job.train;

import java.util.function.Function;

/**
 * A training option with a value outside its range, or options that do not combine. The message names the
 * options as the caller's user knows them: {@link #message(Function)} with the command line's flags or the Params'
 * names ({@link #getMessage()}).
 */
public final class InvalidOptionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final TrainingOption option;
    private final transient Function<Function<TrainingOption, String>, String> text;

    private InvalidOptionException(TrainingOption option, Function<Function<TrainingOption, String>, String> text) {
        super(text.apply(TrainingOption::paramName));
        this.option = option;
        this.text = text;
    }

    /** {@code option} must be {@code requirement} (e.g. "an integer ≥ 1") and is {@code value}. */
    static InvalidOptionException outOfRange(TrainingOption option, String requirement, Object value) {
        String shown = value instanceof String s ? "'" + s + "'" : String.valueOf(value);
        return new InvalidOptionException(
                option, name -> name.apply(option) + " must be " + requirement + ", got " + shown);
    }

    /** {@code option}, which has no default, is not given. */
    static InvalidOptionException missing(TrainingOption option, String example) {
        return new InvalidOptionException(option, name -> name.apply(option) + " is required, e.g. " + example);
    }

    /** {@code option} is given without {@code needed}. */
    static InvalidOptionException needs(TrainingOption option, TrainingOption needed) {
        return new InvalidOptionException(option, name -> name.apply(option) + " needs " + name.apply(needed));
    }

    /** {@code option} with {@code value} cannot be combined with {@code other}, because {@code why}. */
    static InvalidOptionException conflicts(TrainingOption option, String value, TrainingOption other, String why) {
        return new InvalidOptionException(
                option,
                name -> name.apply(option) + " " + value + " cannot be used with " + name.apply(other) + ": " + why);
    }

    /** The option at fault. */
    public TrainingOption option() {
        return option;
    }

    /**
     * The message with every option called by {@code name}, e.g. {@link TrainingOption#flag()}; after
     * deserialisation (which drops the text's template), the Params' message.
     */
    public String message(Function<TrainingOption, String> name) {
        return text == null ? getMessage() : text.apply(name);
    }
}
