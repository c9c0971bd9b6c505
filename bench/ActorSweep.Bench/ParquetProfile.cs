using System.Diagnostics;
using ActorSweep.Results.Parquet;
namespace ActorSweep.Bench;
public static class ParquetProfile
{
    public static void Run()
    {
        var m = typeof(ParquetBench).GetMethod("Record", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!; var records = new ActorSweep.Core.Tasks.TaskRecord[100_000]; for (var i = 0; i < records.Length; i++) records[i] = (ActorSweep.Core.Tasks.TaskRecord)m.Invoke(null, new object[] { i })!;
        var variants = new (string, Parquet.ParquetOptions?)[] { ("default", null), ("none", new Parquet.ParquetOptions { CompressionMethod = Parquet.CompressionMethod.None }),
            ("lz4", new Parquet.ParquetOptions { CompressionMethod = Parquet.CompressionMethod.LZ4 }), ("zstd", new Parquet.ParquetOptions { CompressionMethod = Parquet.CompressionMethod.Zstd }),
            ("snappy-nodict", new Parquet.ParquetOptions { DictionaryEncodingThreshold = 0 }), ("snappy-dict1", new Parquet.ParquetOptions { DictionaryEncodingThreshold = 1 })};
        for (var round = 0; round < 12; round++)
        {
            var (vn, vo) = variants[round % variants.Length];
            Console.Write(vn + ": ");
            var sw = Stopwatch.StartNew();
            var parts = records.Chunk(10_000).Select(b => ResultSchema.Trials.PrepareForProfile(b, vo)).ToList();
            var prepare = sw.Elapsed.TotalSeconds;
            sw.Restart();
            var ms = new MemoryStream();
            long size = 0;
            foreach (var p in parts) { ms.SetLength(0); p(ms).GetAwaiter().GetResult(); size += ms.Length; }
            var encode = sw.Elapsed.TotalSeconds;
            sw.Restart();
            foreach (var r in records) r.Spec.Hparams.ToJson();
            var json = sw.Elapsed.TotalSeconds;
            Console.WriteLine($"prepare {prepare:0.000} s, encode {encode:0.000} s, json alone {json:0.000} s, {size / 1e6:0.0} MB");
        }
    }
}
