#!/usr/bin/env bash
# Benchmark: the cost of accepting one signed manifest (BenchmarkDotNet), against parsing alone.
#   tests/benchmarks/verify-cost.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../build/lib.sh"
cd "$REPO_ROOT/tests/benchmarks/EdgeAgent.Benchmarks"
dotnet run -c Release -- --filter '*VerificationBenchmarks*' --job short --exporters markdown "$@" 2>&1 | sed -n '/^| Method/,/^$/p;/^|/p' | awk '!seen[$0]++'
