using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(ServiceManagement.Benchmarks.TranslatorBenchmarks).Assembly).Run(args);
