# Builds what a script in deploy/ runs, from this checkout (sourced, not run): every script finds its jar and
# launcher files here, and rebuilds them when they are missing or older than the sources, so no script can run a
# stale jar.
#   ensure_built MODULE FILE...  runs `mvn package` of MODULE and the modules it needs (tests neither compiled nor
#                                run) when a FILE is missing, or when a main source, a launcher file or a pom of
#                                core-math, corpora, spark-job or MODULE is newer than the first FILE, which the build
#                                must rewrite every time (a jar); `mvn clean package` instead when a module's
#                                target/classes holds a class whose source is gone (removed or renamed since it
#                                was compiled), which an incremental build would leave in the jar or fail on
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
  if [[ -n "$(find "$root/pom.xml" "$root/core-math" "$root/corpora" "$root/spark-job" "$root/$module" -newer "$stamp" \
               \( -path '*/src/main/*' -o -path '*/src/launcher/*' -o -name pom.xml \) -print -quit)" ]]; then
    build_module "$module"
  fi
}

build_module() {
  local dir orphan
  for dir in core-math corpora spark-job "$1"; do
    orphan=$(orphaned_class "$root/$dir")
    if [[ -n "$orphan" ]]; then
      echo "$script_name: building $1 (mvn clean package: $dir/target/classes/$orphan has no source) ..." >&2
      mvn -B -q -f "$root/pom.xml" -pl "$1" -am -Dmaven.test.skip=true clean package >&2
      return
    fi
  done
  echo "$script_name: building $1 (mvn package) ..." >&2
  mvn -B -q -f "$root/pom.xml" -pl "$1" -am -Dmaven.test.skip=true package >&2
}

# The first top-level class in the module directory $1's target/classes that no source of src/main/java or
# target/generated-sources declares, if any (nested classes, Outer$Inner.class, go with their outer class).
orphaned_class() {
  [[ -d "$1/target/classes" ]] || return 0
  {
    find "$1/src/main/java" "$1/target/generated-sources" -name '*.java' 2> /dev/null
    echo --
    (cd "$1/target/classes" && find . -name '*.class' ! -name '*$*')
  } | awk '
    $0 == "--" { classes = 1; next }
    !classes { # every tail of a source path, so that a class path matches it whatever its source root
      n = split($0, part, "/"); tail = part[n]; source[tail] = 1
      for (i = n - 1; i > 0; i--) { tail = part[i] "/" tail; source[tail] = 1 }
      next
    }
    { file = substr($0, 3); java = file; sub(/\.class$/, ".java", java)
      if (!(java in source)) { print file; exit } }'
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
