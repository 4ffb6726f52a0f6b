# Builds what a script in deploy/ runs, from this checkout (sourced, not run): every script finds its jar and
# launcher files here, and rebuilds them when they are missing or older than the sources, so no script can run a
# stale jar.
#   ensure_built MODULE FILE...  runs `mvn package` of MODULE and the modules it needs (tests neither compiled nor
#                                run) when a FILE is missing, or when a main source, a launcher file or a pom of
#                                core-math, spark-job or MODULE is newer than the first FILE, which the build
#                                must rewrite every time (a jar)
#   app_jar                      the application jar spark-submit takes, spark-job/target/spark-job-*-app.jar
# They need $root, the checkout, and $script_name, what the build message names (e.g. mlp).

ensure_built() {
  local module=$1 stamp=$2 file
  shift
  for file in "$@"; do
    if [[ ! -f "$file" ]]; then
      build_module "$module"
      return
    fi
  done
  if [[ -n "$(find "$root/pom.xml" "$root/core-math" "$root/spark-job" "$root/$module" -newer "$stamp" \
               \( -path '*/src/main/*' -o -path '*/src/launcher/*' -o -name pom.xml \) -print -quit)" ]]; then
    build_module "$module"
  fi
}

build_module() {
  echo "$script_name: building $1 (mvn package) ..." >&2
  mvn -B -q -f "$root/pom.xml" -pl "$1" -am -Dmaven.test.skip=true package >&2
}

app_jar() {
  local jars=("$root"/spark-job/target/spark-job-*-app.jar)
  echo "${jars[0]}"
}

# The application jar and the launcher files every Spark launch needs: the classpath of Spark's own SparkSubmit
# and the JVM options of the driver and executors.
ensure_app_built() {
  ensure_built spark-job "$(app_jar)" "$root/spark-job/target/launcher/spark-classpath" \
    "$root/spark-job/target/launcher/jvm-options" "$@"
}
