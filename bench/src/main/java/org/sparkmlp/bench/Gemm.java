package org.sparkmlp.bench;

/**
 * The shape of one column-major {@code dgemm} call, C = op(A) op(B) + β C with op(A) m × k and op(B) k × n,
 * each matrix stored densely (leading dimension = its stored row count).
 */
record Gemm(String transA, String transB, int m, int n, int k, double beta) {
    /** 2mnk: each of the mnk multiply-adds counts as two floating-point operations. */
    long flops() {
        return 2L * m * n * k;
    }

    /** A is stored m × k, or k × m when transposed. */
    int lda() {
        return transA.equals("N") ? m : k;
    }

    /** B is stored k × n, or n × k when transposed. */
    int ldb() {
        return transB.equals("N") ? k : n;
    }
}
