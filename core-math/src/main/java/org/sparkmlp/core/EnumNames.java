package org.sparkmlp.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How enum constants are named wherever a user or a file sees them: in lower case with {@code -} between words,
 * e.g. {@code CROSS_ENTROPY} is {@code cross-entropy}. Parsing is case-insensitive and accepts {@code -},
 * {@code _} or nothing between words.
 */
public final class EnumNames {
    private EnumNames() {}

    /** The name of {@code constant}, e.g. {@code cross-entropy}. */
    public static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The names of every constant of {@code type} in declaration order, as a command line lists choices: {@code a|b|c}. */
    public static String choices(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(EnumNames::of).collect(Collectors.joining("|"));
    }

    /**
     * The form names are compared in: trimmed, lower case, without {@code -} and {@code _}; for enums that accept
     * aliases besides their names.
     */
    public static String key(String name) {
        return name.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }

    /**
     * The constant of {@code type} that {@code name} names.
     *
     * @param what what the constants are, for the message, e.g. {@code activation}
     * @throws IllegalArgumentException naming {@code name} and the accepted names
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String name, String what) {
        for (E constant : type.getEnumConstants()) {
            if (key(constant.name()).equals(key(name))) {
                return constant;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + name + "'; expected one of " + choices(type));
    }
}
