package org.sparkmlp.core.data;

/**
 * What an IDX file's header declares: the number of records and the bytes in each (rows × columns for an
 * images file, 1 for a labels file).
 */
public record IdxHeader(int count, int recordSize) {}
