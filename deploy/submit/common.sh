# What every submission script in deploy/submit/ passes to spark-submit (sourced, not run): the application jar,
# its main class, conf/spark-defaults.conf, and the JVM options of the driver and the executors (the Java 17
# module flags, the Vector API and netlib's native BLAS library, from spark-job/target/launcher/jvm-options).

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
launcher="$root/spark-job/target/launcher"
script_name=submit
# shellcheck source=../lib/build.sh
source "$root/deploy/lib/build.sh"
ensure_app_built
# MLP_APP_JAR: where the cluster fetches the application jar from, when the local build is not visible to it
# (e.g. an hdfs:// copy for cluster deploy mode on a real cluster)
app_jar="${MLP_APP_JAR:-$(app_jar)}"
read -r -a jvm_options < "$launcher/jvm-options"

submit_options=(--properties-file "$root/conf/spark-defaults.conf"
                --conf "spark.driver.extraJavaOptions=${jvm_options[*]}"
                --conf "spark.executor.extraJavaOptions=${jvm_options[*]}"
                --class org.sparkmlp.job.cli.MlpCommand)

# spark-submit: $SPARK_HOME's, or Spark's own SparkSubmit from the Maven build's jars (standalone and local only:
# YARN and Kubernetes support are not among them).
# In client deploy mode the driver is this JVM: its console has one line per error, the full traces go to
# MLP_LOG_FILE (default: logs/mlp.log in this checkout).
spark_submit() {
  local log_file="-Dmlp.log.file=${MLP_LOG_FILE:-$root/logs/mlp.log}"
  if [[ -n "${SPARK_HOME:-}" ]]; then
    SPARK_SUBMIT_OPTS="${SPARK_SUBMIT_OPTS:-} -Dlog4j2.configurationFile=file:$submit_log4j $log_file" \
      "$SPARK_HOME/bin/spark-submit" "$@"
  else
    java "${jvm_options[@]}" "-Dlog4j2.configurationFile=file:$submit_log4j" "$log_file" \
      -cp "$(< "$launcher/spark-classpath")" org.apache.spark.deploy.SparkSubmit "$@"
  fi
}
submit_log4j="$root/conf/log4j2.properties"

# The arguments of an mlp command with a job file (--conf FILE) named by its absolute path: a driver in cluster
# deploy mode does not run in this directory.
absolute_job_file() {
  local arg previous=
  job_args=()
  for arg in "$@"; do
    if [[ "$previous" == --conf && "$arg" != /* ]]; then
      arg="$PWD/$arg"
    elif [[ "$arg" == --conf=* && "${arg#--conf=}" != /* ]]; then
      arg="--conf=$PWD/${arg#--conf=}"
    fi
    job_args+=("$arg")
    previous=$arg
  done
}

# For YARN and Kubernetes cluster deploy mode: a job file (--conf FILE) is shipped with --files (files_option) and
# named by its file name (job_args), which is where the driver finds it: in its working directory.
ship_job_file() {
  local arg previous=
  job_args=()
  files_option=()
  for arg in "$@"; do
    if [[ "$previous" == --conf ]]; then
      files_option=(--files "$arg")
      arg=$(basename "$arg")
    elif [[ "$arg" == --conf=* ]]; then
      files_option=(--files "${arg#--conf=}")
      arg="--conf=$(basename "${arg#--conf=}")"
    fi
    job_args+=("$arg")
    previous=$arg
  done
}
