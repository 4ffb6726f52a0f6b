package org.sparkmlp.job.data;

import java.util.Locale;
import org.sparkmlp.core.EnumNames;

/** The input formats the loader reads; named on the command line or detected from the path. */
public enum InputFormat {
    /** MNIST-style images file (plus labels file), plain or gzip. */
    IDX,
    /** Text lines {@code label index:value ...}, 1-based ascending indices. */
    LIBSVM,
    /** Text with a header line; one label column, every other column a feature. */
    CSV,
    /** A label column and a vector or array features column. */
    PARQUET;

    /**
     * The format of a name as given on the command line, case-insensitive.
     *
     * @throws IllegalArgumentException naming the accepted formats
     */
    public static InputFormat parse(String name) {
        return EnumNames.parse(InputFormat.class, name, "input format");
    }

    /**
     * The format a path implies: {@code …idx3-ubyte[.gz]} or {@code .idx} → IDX, {@code .libsvm}/{@code .svm}
     * → LIBSVM, {@code .csv} → CSV, {@code .parquet} or a directory → PARQUET.
     *
     * @throws IllegalArgumentException if the path implies none, asking for {@code --format}
     */
    public static InputFormat detect(String path, boolean directory) {
        String name = path.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
        if (name.endsWith("idx3-ubyte") || name.endsWith("idx3-ubyte.gz") || name.endsWith(".idx")) {
            return IDX;
        }
        if (name.endsWith(".libsvm") || name.endsWith(".svm")) {
            return LIBSVM;
        }
        if (name.endsWith(".csv")) {
            return CSV;
        }
        if (name.endsWith(".parquet") || directory) {
            return PARQUET;
        }
        throw new IllegalArgumentException("cannot tell the format of '" + path + "' from its name; give it with "
                + "--format " + EnumNames.choices(InputFormat.class));
    }
}
