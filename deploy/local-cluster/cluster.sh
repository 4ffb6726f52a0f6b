# Settings shared by deploy/local-cluster/start, stop and hdfs (sourced, not run).
# Everything listens on 127.0.0.1 only. Ports and sizes can be changed through the environment at `start`;
# start records them in $MLP_CLUSTER_DIR/cluster.env, which stop and hdfs read.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
launcher="$root/spark-job/target/launcher"
state="${MLP_CLUSTER_DIR:-$root/.local-cluster}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

export SPARK_LOCAL_IP=127.0.0.1

script_name=local-cluster
# shellcheck source=../lib/build.sh
source "$root/deploy/lib/build.sh"

# Every daemon start may launch, as name:main-class (the class checks that a recorded PID is still that daemon)
daemons=(namenode:NameNode datanode:DataNode master:deploy.master.Master worker-1:deploy.worker.Worker
         worker-2:deploy.worker.Worker resourcemanager:resourcemanager.ResourceManager
         nodemanager:nodemanager.NodeManager)

# Loads the ports recorded by start (or fails when the cluster was never started).
load_cluster_env() {
  if [[ ! -f "$state/cluster.env" ]]; then
    echo "local-cluster: no cluster in $state (run deploy/local-cluster/start)" >&2
    exit 1
  fi
  # shellcheck source=/dev/null
  source "$state/cluster.env"
}

# True when the PID recorded for daemon $1 is alive and still runs that daemon's main class $2
# (a recycled PID belongs to some other process and must not be touched).
daemon_alive() {
  local pid_file="$state/pids/$1.pid" pid
  [[ -f "$pid_file" ]] || return 1
  pid=$(< "$pid_file")
  [[ -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- "$2"
}
