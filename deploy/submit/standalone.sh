#!/usr/bin/env bash
# Submits an mlp command to a Spark standalone cluster.
#   deploy/submit/standalone.sh client  spark://HOST:7077 train --conf conf/fashion-reference.conf --model hdfs://…
#   deploy/submit/standalone.sh cluster spark://HOST:6066 train --conf conf/fashion-reference.conf --model hdfs://…
# client: the driver runs here, prints its epoch lines, and the exit code is the job's (0, 2, 3, 4, 5).
# cluster: the driver runs on a worker, submitted through the Master's REST server (spark.master.rest.enabled=true,
#   port 6066). spark-submit returns once the driver is accepted, whatever the driver does next, so this script
#   then polls the driver's state until it ends: exit 0 when it FINISHED, 1 when it FAILED, was KILLED or hit an
#   ERROR (the job's own exit code and output are in the driver's logs on its worker: the Master UI links them).
#   Data and model paths must be visible to the workers (hdfs://, or absolute paths on a one-machine cluster); the
#   job file is passed by its absolute path; the application jar must be readable by the workers (MLP_APP_JAR).
# Uses $SPARK_HOME/bin/spark-submit if SPARK_HOME is set, else Spark's SparkSubmit from the Maven build.
# Extra spark-submit options (e.g. --executor-memory 2g) go in MLP_SUBMIT_OPTS.
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if (($# < 3)) || [[ "$1" != client && "$1" != cluster ]]; then
  echo "usage: deploy/submit/standalone.sh client|cluster MASTER_URL COMMAND [ARGS...]" >&2
  exit 2
fi
mode=$1 master=$2
shift 2
read -r -a extra_options <<< "${MLP_SUBMIT_OPTS:-}"
# a one-machine cluster on the loopback interface: the driver binds there too
if [[ "$master" == spark://127.0.0.1:* ]]; then
  export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
fi

if [[ "$mode" == client ]]; then
  spark_submit --master "$master" --deploy-mode client "${submit_options[@]}" "${extra_options[@]}" \
    "$app_jar" "$@"
  exit
fi

absolute_job_file "$@"
# the REST client reports the submission id at info level
submit_log4j="$root/deploy/submit/log4j2-cluster-submit.properties"
submit_out=$(mktemp)
trap 'rm -f "$submit_out"' EXIT
spark_submit --master "$master" --deploy-mode cluster --conf spark.master.rest.enabled=true \
  "${submit_options[@]}" "${extra_options[@]}" \
  "$app_jar" "${job_args[@]}" 2>&1 | tee "$submit_out" >&2
driver=$(grep -o '"submissionId" : "[^"]*"' "$submit_out" | head -n 1 | cut -d'"' -f4 || true)
if [[ -z "$driver" ]] || ! grep -q '"success" : true' "$submit_out"; then
  echo "standalone.sh: the Master did not accept the driver (is $master its REST URL, port 6066?)" >&2
  exit 1
fi
echo "submitted $driver" >&2

status_url="http://${master#spark://}/v1/submissions/status/$driver"
last= failures=0
while :; do
  if ! status=$(curl -sf "$status_url"); then
    failures=$((failures + 1))
    if ((failures >= 30)); then
      echo "standalone.sh: the Master stopped answering at $status_url" >&2
      exit 1
    fi
    sleep 2
    continue
  fi
  failures=0
  state=$(grep -o '"driverState" : "[^"]*"' <<< "$status" | cut -d'"' -f4)
  if [[ "$state" != "$last" ]]; then
    worker=$(grep -o '"workerHostPort" : "[^"]*"' <<< "$status" | cut -d'"' -f4 || true)
    echo "$driver ${state}${worker:+ on worker $worker}" >&2
    last=$state
  fi
  case "$state" in
    FINISHED) exit 0 ;;
    FAILED | KILLED | ERROR | NOT_FOUND | UNKNOWN)
      grep -o '"message" : "[^"]*"' <<< "$status" >&2 || true
      exit 1 ;;
  esac
  sleep 2
done
