#!/usr/bin/env bash
# Template: submits an mlp command to YARN in cluster deploy mode (the driver runs in the application master's
# container). spark-submit waits for the application (spark.yarn.submit.waitAppCompletion, the default) and exits
# non-zero when it fails; the driver's output is in the YARN logs (yarn logs -applicationId ...).
# A job file given as --conf FILE is shipped with --files and read from the container's working directory.
#   SPARK_HOME=/opt/spark HADOOP_CONF_DIR=/etc/hadoop/conf \
#     deploy/submit/yarn-cluster.sh train --conf conf/fashion-reference.conf \
#       --train hdfs:///data/fashion/train-images-idx3-ubyte.gz --test hdfs:///data/fashion/t10k-images-idx3-ubyte.gz \
#       --model hdfs:///models/fashion-reference
# On this machine, against deploy/local-cluster/start --yarn: eval "$(deploy/local-cluster/env)" first (docs/cluster.md).
# Sizes (environment): MLP_EXECUTORS [2], MLP_EXECUTOR_CORES [2], MLP_EXECUTOR_MEMORY [2g], MLP_DRIVER_MEMORY [2g],
# MLP_QUEUE [default]; other spark-submit options in MLP_SUBMIT_OPTS.
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
: "${SPARK_HOME:?set SPARK_HOME to a Spark 4.2 (Scala 2.13) installation with YARN support}"
: "${HADOOP_CONF_DIR:?set HADOOP_CONF_DIR to the directory of the cluster configuration (yarn-site.xml, core-site.xml)}"
read -r -a extra_options <<< "${MLP_SUBMIT_OPTS:-}"

ship_job_file "$@"
spark_submit --master yarn --deploy-mode cluster --queue "${MLP_QUEUE:-default}" \
  --num-executors "${MLP_EXECUTORS:-2}" --executor-cores "${MLP_EXECUTOR_CORES:-2}" \
  --executor-memory "${MLP_EXECUTOR_MEMORY:-2g}" --driver-memory "${MLP_DRIVER_MEMORY:-2g}" \
  "${files_option[@]}" "${submit_options[@]}" "${extra_options[@]}" "$app_jar" "${job_args[@]}"
