#!/usr/bin/env bash
# Builds the original AutoML-Zero search binary (run_search_experiment of
# google-research/google-research's automl_zero folder) for `bench --original`,
# with g++ instead of Bazel: Bazel's `-c opt` (-O2 -DNDEBUG) and run_demo.sh's
# address counts (-DMAX_*_ADDRESSES). None of the original is part of this
# project: get its sources yourself (measured with the folder at commit
# 0c1bbe5fc971a1de1a427debc814e66ab4f1e7fa, unchanged).
#
#   scripts/build-original.sh <automl_zero folder> [<binary to write>]
#
# Needs Debian's g++, libabsl-dev, libprotobuf-dev, protobuf-compiler,
# libeigen3-dev, libgoogle-glog-dev (CHECK/LOG) and libgtest-dev (one header).
# OPT overrides -O2 (e.g. OPT="-O3 -march=native").
set -euo pipefail

if [ $# -lt 1 ] || [ ! -f "$1/run_search_experiment.cc" ]; then
  echo "usage: $0 <automl_zero folder, with run_search_experiment.cc> [<binary to write>]" >&2
  exit 2
fi
SRC=$(cd "$1" && pwd)
OUT=$(realpath -m "${2:-run_search_experiment_demo}")
BUILD=$(mktemp -d)
trap 'rm -rf "$BUILD"' EXIT

# The sources include the generated "task.pb.h" etc. from their own folder:
# generate them in a copy, so that the user's folder is left as it is.
cp "$SRC"/*.cc "$SRC"/*.h "$SRC"/*.proto "$BUILD/"
( cd "$BUILD" && protoc -I. --cpp_out=. algorithm.proto experiment.proto fec_cache.proto generator.proto \
    instruction.proto mutator.proto task.proto train_budget.proto )

CXXFLAGS="-std=c++17 ${OPT:--O2} -DNDEBUG -DMAX_SCALAR_ADDRESSES=4 -DMAX_VECTOR_ADDRESSES=3 -DMAX_MATRIX_ADDRESSES=1 -I$BUILD -I/usr/include/eigen3 -w"
SOURCES="algorithm.pb.cc experiment.pb.cc fec_cache.pb.cc generator.pb.cc instruction.pb.cc mutator.pb.cc task.pb.cc
  train_budget.pb.cc algorithm.cc compute_cost.cc evaluator.cc experiment_util.cc fec_cache.cc fec_hashing.cc
  generator.cc instruction.cc memory.cc mutator.cc random_generator.cc randomizer.cc regularized_evolution.cc
  task_util.cc train_budget.cc util.cc run_search_experiment.cc"
export CXXFLAGS BUILD
# Two at a time: a 2-core machine.
printf '%s\n' $SOURCES | xargs -P 2 -I{} sh -c 'echo "  g++ {}" && g++ $CXXFLAGS -c "$BUILD/{}" -o "$BUILD/{}.o"'
ABSL=$(pkg-config --libs absl_flags absl_flags_parse absl_random_random absl_random_distributions absl_time absl_strings absl_memory)
g++ -o "$OUT" $(for s in $SOURCES; do printf '%s ' "$BUILD/$s.o"; done) -lprotobuf -lglog $ABSL -lpthread
echo "built $OUT"
