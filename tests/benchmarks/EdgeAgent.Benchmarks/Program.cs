using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(EdgeAgent.Benchmarks.VerificationBenchmarks).Assembly).Run(args);
