#!/usr/bin/env bash
# Template: submits an mlp command to Kubernetes in cluster deploy mode (driver and executors are pods).
# The image must hold Spark 4.2 / Scala 2.13 on Java 17 (e.g. the apache/spark image, or docker-image-tool.sh's).
# The application jar and a job file (--conf FILE) are uploaded to MLP_UPLOAD_PATH (a Hadoop path the pods can
# read, e.g. s3a://bucket/spark-uploads or hdfs://namenode:8020/spark-uploads) and land in the driver's working
# directory. spark-submit waits for the driver pod (spark.kubernetes.submission.waitAppCompletion, the default)
# and exits non-zero when it fails; its output: kubectl logs <driver pod>.
#   SPARK_HOME=/opt/spark MLP_K8S_MASTER=k8s://https://kubernetes.example:6443 MLP_IMAGE=apache/spark:4.2.0-java17 \
#   MLP_UPLOAD_PATH=hdfs://namenode:8020/spark-uploads \
#     deploy/submit/kubernetes.sh train --conf conf/fashion-reference.conf \
#       --train hdfs://namenode:8020/data/fashion/train-images-idx3-ubyte.gz \
#       --test hdfs://namenode:8020/data/fashion/t10k-images-idx3-ubyte.gz --model hdfs://namenode:8020/models/fashion
# Sizes and placement (environment): MLP_NAMESPACE [default], MLP_SERVICE_ACCOUNT [spark], MLP_EXECUTORS [2],
# MLP_EXECUTOR_CORES [2], MLP_EXECUTOR_MEMORY [2g], MLP_DRIVER_MEMORY [2g]; other options in MLP_SUBMIT_OPTS.
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
: "${SPARK_HOME:?set SPARK_HOME to a Spark 4.2 (Scala 2.13) installation with Kubernetes support}"
: "${MLP_K8S_MASTER:?set MLP_K8S_MASTER to k8s://https://API-SERVER:PORT}"
: "${MLP_IMAGE:?set MLP_IMAGE to a Spark 4.2 / Scala 2.13 / Java 17 container image}"
: "${MLP_UPLOAD_PATH:?set MLP_UPLOAD_PATH to a Hadoop path the pods can read, for the jar and job file}"
read -r -a extra_options <<< "${MLP_SUBMIT_OPTS:-}"

ship_job_file "$@"
spark_submit --master "$MLP_K8S_MASTER" --deploy-mode cluster \
  --conf "spark.kubernetes.container.image=$MLP_IMAGE" \
  --conf "spark.kubernetes.namespace=${MLP_NAMESPACE:-default}" \
  --conf "spark.kubernetes.authenticate.driver.serviceAccountName=${MLP_SERVICE_ACCOUNT:-spark}" \
  --conf "spark.kubernetes.file.upload.path=$MLP_UPLOAD_PATH" \
  --conf "spark.executor.instances=${MLP_EXECUTORS:-2}" --executor-cores "${MLP_EXECUTOR_CORES:-2}" \
  --executor-memory "${MLP_EXECUTOR_MEMORY:-2g}" --driver-memory "${MLP_DRIVER_MEMORY:-2g}" \
  "${files_option[@]}" "${submit_options[@]}" "${extra_options[@]}" "$app_jar" "${job_args[@]}"
