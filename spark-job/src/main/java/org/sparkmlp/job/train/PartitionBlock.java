package org.sparkmlp.job.train;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.Function2;
import org.sparkmlp.job.data.LabeledBlock;
import scala.Tuple2;

/**
 * A cached block with the index of its partition, which a barrier task holding several partitions needs. Built
 * where the task runs, never serialized.
 */
record PartitionBlock(int partition, LabeledBlock block) {
    /** Keys every block by its partition's index, to send it to its barrier task ({@link ContiguousGroups}). */
    static final class Key
            implements Function2<Integer, Iterator<LabeledBlock>, Iterator<Tuple2<Integer, LabeledBlock>>> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<Tuple2<Integer, LabeledBlock>> call(Integer partition, Iterator<LabeledBlock> blocks) {
            List<Tuple2<Integer, LabeledBlock>> keyed = new ArrayList<>();
            blocks.forEachRemaining(block -> keyed.add(new Tuple2<>(partition, block)));
            return keyed.iterator();
        }
    }

    /** Keyed blocks as tagged blocks. */
    static final class FromKeyed implements FlatMapFunction<Iterator<Tuple2<Integer, LabeledBlock>>, PartitionBlock> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<PartitionBlock> call(Iterator<Tuple2<Integer, LabeledBlock>> keyed) {
            List<PartitionBlock> tagged = new ArrayList<>();
            keyed.forEachRemaining(pair -> tagged.add(new PartitionBlock(pair._1(), pair._2())));
            return tagged.iterator();
        }
    }

    /** Tags every block with its partition's index, where each partition is its own barrier task. */
    static final class Tag implements Function2<Integer, Iterator<LabeledBlock>, Iterator<PartitionBlock>> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<PartitionBlock> call(Integer partition, Iterator<LabeledBlock> blocks) {
            List<PartitionBlock> tagged = new ArrayList<>();
            blocks.forEachRemaining(block -> tagged.add(new PartitionBlock(partition, block)));
            return tagged.iterator();
        }
    }
}
