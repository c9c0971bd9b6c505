using System.CommandLine;
using ActorSweep.Cli.Console;
using ActorSweep.Core.Robustness;
using ActorSweep.Training.Data;
using ActorSweep.Training.Data.Corrupted;
using SkiaSharp;

namespace ActorSweep.Cli.Commands;

/// <summary>
/// <c>actorsweep corruptions [--dataset mnist] [--severity 0] [--images 10] --out grid.png</c>: draws the first test images of a
/// dataset clean and under every corruption <c>training.robustness</c> can ask for, one row each, so that what a study
/// measures can be looked at (the grids in <c>docs/</c> are drawn with it).
/// </summary>
public static class CorruptionsCommand
{
    private const int Scale = 3, Gap = 2, LabelWidth = 120;

    /// <summary>The command.</summary>
    public static Command Create(TextWriter output, TextWriter errors)
    {
        var dataset = new Option<string>("--dataset") { Description = "a single-channel dataset", DefaultValueFactory = _ => "mnist" };
        var severity = new Option<int>("--severity") { Description = "0: each corruption at MNIST-C's severity; 1–5: all at this one", DefaultValueFactory = _ => 0 };
        var images = new Option<int>("--images") { Description = "test images per row", DefaultValueFactory = _ => 10 };
        var output_ = new Option<string>("--out") { Description = "the PNG to write", Required = true };
        var command = new Command("corruptions", "draw a dataset's test images under each MNIST-C corruption as a PNG grid") { dataset, severity, images, output_ };
        command.SetAction(p => Run(p.GetValue(dataset)!, p.GetValue(severity), p.GetValue(images), p.GetValue(output_)!, output));
        return command;
    }

    /// <summary>Draws the grid; returns the exit code.</summary>
    public static int Run(string dataset, int severity, int images, string path, TextWriter output)
    {
        if (!DatasetRegistry.IsKnown(dataset)) throw new UsageException($"--dataset: unknown dataset '{dataset}'; known datasets: {string.Join(", ", DatasetRegistry.Names)}");
        if (DatasetRegistry.Info(dataset).Facts.Channels != 1) throw new UsageException($"--dataset: MNIST-C's corruptions are defined on single-channel images; {dataset} is {DatasetRegistry.Info(dataset).Facts.Shape}");
        if (severity is < 0 or > 5) throw new UsageException($"--severity: expected 0 (MNIST-C's) or 1 to 5, got {severity}");
        if (images is < 1 or > 100) throw new UsageException($"--images: expected 1 to 100, got {images}");
        var test = DatasetRegistry.Load(dataset, 0).Test;
        var rows = new List<(string Label, ImageDataset Set)> { ("clean", test) };
        foreach (var name in Corruptions.Names)
        {
            var s = Corruptions.SeverityOf(name, severity);
            rows.Add((s == 0 ? name : $"{name} ({s})", CorruptedTestSets.Of(test, name, s)));
        }
        int h = test.Height * Scale, w = test.Width * Scale;
        using var bitmap = new SKBitmap(LabelWidth + images * (w + Gap), rows.Count * (h + Gap));
        using (var canvas = new SKCanvas(bitmap))
        using (var font = new SKFont(SKTypeface.Default, 12))
        using (var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true })
        {
            canvas.Clear(SKColors.White);
            for (var r = 0; r < rows.Count; r++)
            {
                canvas.DrawText(rows[r].Label, 4, r * (h + Gap) + h / 2 + 4, font, ink);
                for (var i = 0; i < images; i++)
                for (var y = 0; y < h; y++)
                for (var x = 0; x < w; x++)
                {
                    var v = (byte)Math.Round(rows[r].Set.Pixels[(long)i * test.ExampleSize + y / Scale * test.Width + x / Scale] * 255);
                    bitmap.SetPixel(LabelWidth + i * (w + Gap) + x, r * (h + Gap) + y, new SKColor(v, v, v));
                }
            }
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using (var file = File.Create(path)) bitmap.Encode(file, SKEncodedImageFormat.Png, 100);
        output.WriteLine($"wrote {path}: {images} test images of {dataset}, clean and under {Corruptions.Names.Count} corruptions");
        return ExitCodes.Ok;
    }
}
