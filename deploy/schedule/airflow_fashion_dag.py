"""Daily retraining of the Fashion-MNIST model with spark-mlp's scheduled training (docs/scheduled-training.md).

Each DAG run trains the drop of its logical date, hdfs:///data/fashion/dt=<ds>/, into a new version
hdfs:///models/fashion/<ds>T02-00-00Z/ (model.mlp, metrics.jsonl, then _SUCCESS), warm-started from the newest
successful version before it, and keeps the newest 7 versions (conf/fashion-scheduled.conf). Clearing and rerunning
a task is safe: a date whose version succeeded exits 0 at once.

spark-submit passes the job's exit code on, and the task fails on any code but 0: 2 bad command line or job file,
3 bad input (a retry helps when the day's data arrives late), 4 training failed, 5 I/O failure, 6 model root locked by another run.
"""

from datetime import datetime, timedelta
from pathlib import Path

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

# a checkout of spark-mlp built with `mvn package` on the machine that runs the Spark driver (client mode)
MLP_HOME = Path("/opt/spark-mlp")
# the application jar: the job with its own dependencies (Spark and Hadoop come from the cluster)
MLP_JAR = MLP_HOME / "spark-job/target/spark-job-0.1.0-SNAPSHOT-app.jar"

with DAG(
    dag_id="fashion_mlp_scheduled_training",
    schedule="0 2 * * *",
    start_date=datetime(2026, 11, 1),
    catchup=False,
    max_active_runs=1,  # one run per model root at a time
    default_args={"retries": 2, "retry_delay": timedelta(minutes=30)},
    tags=["spark-mlp"],
) as dag:
    SparkSubmitOperator(
        task_id="train",
        conn_id="spark_default",
        application=str(MLP_JAR),
        java_class="org.sparkmlp.job.cli.MlpCommand",
        properties_file=str(MLP_HOME / "conf/spark-defaults.conf"),
        deploy_mode="client",  # the job file is read on the driver's machine
        application_args=[
            "train",
            "--conf", str(MLP_HOME / "conf/fashion-scheduled.conf"),
            # the run's logical time, e.g. 2026-11-28T02:00:00+00:00: data dt=2026-11-28, version 2026-11-28T02-00-00Z
            "--date", "{{ ts }}",
        ],
    )
