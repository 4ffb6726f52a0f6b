package org.sparkmlp.job.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InputFormatTest {
    @Test
    void parsesNamesCaseInsensitively() {
        assertEquals(InputFormat.LIBSVM, InputFormat.parse("libsvm"));
        assertEquals(InputFormat.PARQUET, InputFormat.parse(" Parquet "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InputFormat.parse("json"));
        assertTrue(
                e.getMessage().contains("'json'") && e.getMessage().contains("idx|libsvm|csv|parquet"), e.getMessage());
    }

    @Test
    void detectsFormatsFromPaths() {
        assertEquals(InputFormat.IDX, InputFormat.detect("data/train-images-idx3-ubyte.gz", false));
        assertEquals(InputFormat.IDX, InputFormat.detect("hdfs://nn/mnist/t10k-images-idx3-ubyte", false));
        assertEquals(InputFormat.IDX, InputFormat.detect("pictures.IDX", false));
        assertEquals(InputFormat.LIBSVM, InputFormat.detect("a9a.libsvm", false));
        assertEquals(InputFormat.LIBSVM, InputFormat.detect("s3a://bucket/x.svm", false));
        assertEquals(InputFormat.CSV, InputFormat.detect("data/train.csv", false));
        assertEquals(InputFormat.PARQUET, InputFormat.detect("data/train.parquet/", true));
        assertEquals(InputFormat.PARQUET, InputFormat.detect("data/train", true));
    }

    @Test
    void asksForTheFormatWhenThePathDoesNotTell() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> InputFormat.detect("data/train.txt", false));
        assertTrue(e.getMessage().contains("data/train.txt") && e.getMessage().contains("--format"), e.getMessage());
    }
}
