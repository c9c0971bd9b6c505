using System.Text.RegularExpressions;
using ActorSweep.Core.Hocon;
using ActorSweep.Core.Methods;
using ActorSweep.Core.Tasks;

namespace ActorSweep.Core.Study;

/// <summary>
/// Reads a study file and validates all of it before anything runs: every unknown key, wrong type,
/// out-of-range value, unknown method, dataset or model is reported with the file, line and key path,
/// all at once. Nothing is written.
/// </summary>
public sealed partial class StudyLoader
{
    private static readonly string[] RootKeys = { "name", "description", "dataset", "model", "seeds", "training", "methods", "grid" };
    private readonly StudyCatalog _catalog;
    private readonly MethodRegistry _methods;

    /// <summary>
    /// Creates a loader that checks dataset and model names against <paramref name="catalog"/> and method
    /// names against <paramref name="methods"/> (default: <see cref="MethodRegistry.Default"/>).
    /// </summary>
    public StudyLoader(StudyCatalog catalog, MethodRegistry? methods = null)
    {
        _catalog = catalog;
        _methods = methods ?? MethodRegistry.Default;
    }

    /// <summary>
    /// The generation of defaults the study is read under (what an option written at its default means, and
    /// so which values the canonical form leaves out): the current one for a new study, the recorded one
    /// when a study folder is resumed.
    /// </summary>
    public int DefaultsVersion { get; init; } = Study.DefaultsVersion.Current;

    /// <summary>Loads and validates a study file; throws <see cref="StudyValidationException"/> listing every problem.</summary>
    public StudySpec LoadFile(string path)
    {
        HoconObject root;
        try { root = HoconParser.ParseFile(path); }
        catch (HoconException e) { throw new StudyValidationException(new[] { new StudyError(e.Position.File, e.Position.Line, "(syntax)", e.Message[(e.Message.IndexOf(": ", StringComparison.Ordinal) + 2)..]) }); }
        catch (FileNotFoundException) { throw new StudyValidationException(new[] { new StudyError(path, 0, "(file)", "file not found") }); }
        return Load(root, path);
    }

    /// <summary>Validates study text (tests, embedded studies).</summary>
    public StudySpec LoadText(string text, string fileName = "<study>")
    {
        HoconObject root;
        try { root = HoconParser.ParseText(text, fileName); }
        catch (HoconException e) { throw new StudyValidationException(new[] { new StudyError(e.Position.File, e.Position.Line, "(syntax)", e.Message[(e.Message.IndexOf(": ", StringComparison.Ordinal) + 2)..]) }); }
        return Load(root, fileName);
    }

    private StudySpec Load(HoconObject root, string file)
    {
        var errors = new List<StudyError>();
        void Err(HoconNode? at, string key, string message) => errors.Add(new StudyError(file, at?.Position.Line ?? 0, key, message));

        foreach (var (k, v) in root.Fields)
            if (!RootKeys.Contains(k)) Err(v, k, $"unknown key; expected one of {string.Join(", ", RootKeys)}");

        var name = RequiredString(root, "name", Err);
        if (name is not null && !NamePattern().IsMatch(name))
            Err(root.Get("name"), "name", $"expected letters, digits, '.', '_' or '-' (it names the output folder), got \"{name}\"");

        var baseValues = new List<KeyValuePair<string, object>>();
        var dataset = RequiredString(root, "dataset", Err);
        if (dataset is not null && CheckDataset(dataset) is { } dsError) Err(root.Get("dataset"), "dataset", dsError);
        if (dataset is not null) baseValues.Add(new(HparamKeys.Dataset, dataset));
        // The study's model may be left out when every method block names its own (model = … / models = [ … ]).
        var everyMethodNamesModels = root.Get("methods") is HoconArray { Items.Count: > 0 } methodList
            && methodList.Items.All(m => m is HoconObject o && (o.Get("model") is not null || o.Get("models") is not null));
        var model = root.Get("model") is null && everyMethodNamesModels ? null : RequiredString(root, "model", Err);
        if (model is not null && CheckModel(model) is { } mError) Err(root.Get("model"), "model", mError);
        if (model is not null) baseValues.Add(new(HparamKeys.Model, model));

        var seeds = ReadSeeds(root, Err);

        switch (root.Get("training"))
        {
            case null: break;
            case HoconObject training:
                ReadOptions(training, "training", TrainingSchema.Definitions, baseValues, Err);
                break;
            case var other: Err(other, "training", $"expected an object {{ lr = …, iterations = … }}, got {HparamDefinition.Describe(other)}"); break;
        }

        var gridKeys = root.Get("grid") is HoconObject gridObject ? Leaves(gridObject, "").Select(l => l.Key).ToHashSet(StringComparer.Ordinal) : new HashSet<string>();
        var methods = ReadMethods(root, gridKeys, Err);
        var grid = ReadGrid(root, methods, Err);

        var spec = new StudySpec(name ?? "", file, Hparams.From(baseValues), seeds, methods, grid, _methods) { Catalog = _catalog, DefaultsVersion = DefaultsVersion };
        if (errors.Count == 0)
        {
            foreach (var trial in spec.ExpandTrials())
            {
                var entry = methods[trial.MethodIndex];
                foreach (var problem in _methods.Get(trial.Method).Validate(trial.Hparams, DefaultsVersion, new TrialFacts(_catalog.Facts(trial.Dataset), _catalog.ModelFactsOf(trial.Model))))
                    if (!errors.Any(e => e.Message == problem))
                        errors.Add(new StudyError(file, entry.Line, $"methods[{entry.Index}]", problem));
                foreach (var (key, problem) in CheckDatasetFit(trial))
                    if (!errors.Any(e => e.Message == problem))
                        errors.Add(new StudyError(file, LineOf(root, key), GridKeys(root).Contains(key) ? $"grid.{key}" : key, problem));
            }
        }
        if (errors.Count == 0)
        {
            // Plans may link trials (a DAG across the study): dangling references, cycles and models that
            // cannot be mapped are found by building the graph once, here, before anything runs.
            try { _ = TaskGraph.Build(spec); }
            catch (StudyValidationException e) { errors.AddRange(e.Errors); }
        }
        if (errors.Count > 0) throw new StudyValidationException(errors.OrderBy(e => e.Line).ToList());
        return spec;
    }

    /// <summary>
    /// What a trial asks of its dataset that the dataset cannot give: a validation hold-out that leaves no training
    /// images, a batch larger than the training images left, a model that cannot take the images' shape.
    /// Known without loading anything (<see cref="StudyCatalog.Facts"/>); each problem with the key to change.
    /// </summary>
    private IEnumerable<(string Key, string Problem)> CheckDatasetFit(TrialSpec trial)
    {
        var training = TrainingHparams.From(trial.Hparams, DefaultsVersion);
        var facts = _catalog.Facts(trial.Dataset);
        if (training.LabelNoise.Problem(facts?.Classes ?? 10, trial.Dataset, DefaultsVersion) is { } noise)
            yield return (training.LabelNoise.Kind == LabelNoise.None ? HparamKeys.LabelNoiseFraction : HparamKeys.LabelNoiseKind, noise);
        if (facts is null) yield break;
        if (facts.MaxValidationSize is null && training.ValidationSize >= facts.TrainCount)
        {
            yield return (HparamKeys.ValidationSize, $"{training.ValidationSize} would hold out every training image of {trial.Dataset}; expected at most {facts.TrainCount - 1:N0} (it has {facts.TrainCount:N0})");
            yield break;
        }
        var left = facts.TrainCount - facts.HeldOut(training.ValidationSize);
        if (training.BatchSize > left)
            yield return (HparamKeys.BatchSize, $"{training.BatchSize} is more than the {left:N0} training images {trial.Dataset} has after holding out {facts.HeldOut(training.ValidationSize):N0} for validation; expected at most {left:N0}");
        if (_catalog.CheckModelInput?.Invoke(trial.Model, facts) is { } problem)
            yield return (HparamKeys.Model, $"{problem} ({trial.Dataset} is {facts.Shape})");
        foreach (var (h, key) in new[] { (training, HparamKeys.RobustCorruptions) }.Concat(RetrainingSchema.IsSet(trial.Hparams)
                     ? new[] { (TrainingHparams.From(RetrainingSchema.Overlay(trial.Hparams), DefaultsVersion), RetrainingSchema.Prefix + "robustness.corruptions") }
                     : Array.Empty<(TrainingHparams, string)>()))
            if (h.Robustness.Corruptions.Count > 0 && facts.Channels != 1)
                yield return (key, $"MNIST-C's corruptions are defined on single-channel images; {trial.Dataset} is {facts.Shape}; expected a grayscale dataset (mnist, fashion-mnist) or no corruptions");
    }

    private static IReadOnlySet<string> GridKeys(HoconObject root) =>
        root.Get("grid") is HoconObject grid ? Leaves(grid, "").Select(l => l.Key).ToHashSet(StringComparer.Ordinal) : new HashSet<string>();

    /// <summary>The line that sets <paramref name="key"/>: its grid axis, its entry in <c>training { }</c>, or the root key.</summary>
    private static int LineOf(HoconObject root, string key)
    {
        if (root.Get("grid") is HoconObject grid && Leaves(grid, "").FirstOrDefault(l => l.Key == key) is { Value: { } axis }) return axis.Position.Line;
        if (key.StartsWith("training.", StringComparison.Ordinal) && root.Get("training") is HoconObject training && Leaves(training, "training").FirstOrDefault(l => l.Key == key) is { Value: { } node })
            return node.Position.Line;
        return root.Get(key)?.Position.Line ?? 0;
    }

    private string? CheckDataset(string dataset) =>
        _catalog.Datasets.Count == 0 || _catalog.Datasets.Contains(dataset) ? null
            : $"unknown dataset \"{dataset}\"; known datasets: {string.Join(", ", _catalog.Datasets.OrderBy(d => d, StringComparer.Ordinal))}";

    private string? CheckModel(string model) =>
        _catalog.IsModel(model) ? null : $"unknown model \"{model}\"; known models: {_catalog.ModelNames}";

    private static string? RequiredString(HoconObject root, string key, Action<HoconNode?, string, string> err)
    {
        var node = root.Get(key);
        if (node is null) { err(root, key, "missing; expected a string"); return null; }
        if (node is HoconScalar { IsNull: false } s && s.Text.Length > 0) return s.Text;
        err(node, key, $"expected a non-empty string, got {HparamDefinition.Describe(node)}");
        return null;
    }

    private static IReadOnlyList<int> ReadSeeds(HoconObject root, Action<HoconNode?, string, string> err)
    {
        var node = root.Get("seeds");
        if (node is null) { err(root, "seeds", "missing; expected a list of whole numbers, e.g. seeds = [1, 2, 3]"); return Array.Empty<int>(); }
        if (node is not HoconArray a || a.Items.Count == 0) { err(node, "seeds", $"expected a non-empty list of whole numbers, got {HparamDefinition.Describe(node)}"); return Array.Empty<int>(); }
        var seeds = new List<int>();
        for (var i = 0; i < a.Items.Count; i++)
        {
            if (a.Items[i] is HoconScalar s && s.TryGetLong(out var v) && v is >= 0 and <= int.MaxValue)
            {
                if (seeds.Contains((int)v)) err(s, $"seeds[{i}]", $"seed {v} is listed twice");
                else seeds.Add((int)v);
            }
            else err(a.Items[i], $"seeds[{i}]", $"expected a whole number >= 0, got {HparamDefinition.Describe(a.Items[i])}");
        }
        return seeds;
    }

    private void ReadOptions(HoconObject block, string path, IEnumerable<HparamDefinition> known, List<KeyValuePair<string, object>> into, Action<HoconNode?, string, string> err,
        bool keepDefaults = false)
    {
        var byShort = known.ToDictionary(d => d.ShortKey, StringComparer.Ordinal);
        foreach (var (k, v) in Fields(block, "", byShort.Keys))
        {
            var keyPath = $"{path}.{k}";
            if (!byShort.TryGetValue(k, out var def))
            {
                err(v, keyPath, $"unknown key; expected one of {string.Join(", ", byShort.Keys.Order(StringComparer.Ordinal))}");
                continue;
            }
            var (value, problem) = def.Convert(v);
            if (problem is not null) err(v, keyPath, problem);
            else if (keepDefaults || !def.IsDefault(value!, DefaultsVersion)) into.Add(new(def.Key, value!));
        }
    }

    private IReadOnlyList<MethodSpec> ReadMethods(HoconObject root, IReadOnlySet<string> gridKeys, Action<HoconNode?, string, string> err)
    {
        var node = root.Get("methods");
        var known = string.Join(", ", _methods.Names);
        if (node is null) { err(root, "methods", $"missing; expected a list like methods = [ {{ name = imp, rounds = 5 }} ] with names from: {known}"); return Array.Empty<MethodSpec>(); }
        if (node is not HoconArray a || a.Items.Count == 0) { err(node, "methods", $"expected a non-empty list of method objects, got {HparamDefinition.Describe(node)}"); return Array.Empty<MethodSpec>(); }
        var methods = new List<MethodSpec>();
        for (var i = 0; i < a.Items.Count; i++)
        {
            var path = $"methods[{i}]";
            if (a.Items[i] is not HoconObject m) { err(a.Items[i], path, $"expected an object {{ name = … }}, got {HparamDefinition.Describe(a.Items[i])}"); continue; }
            if (m.Get("name") is not HoconScalar { IsNull: false } nameNode) { err(m, $"{path}.name", $"missing; expected a method name, one of: {known}"); continue; }
            var definition = _methods.Find(nameNode.Text);
            if (definition is null) { err(nameNode, $"{path}.name", $"unknown or not implemented method \"{nameNode.Text}\"; known methods: {known}"); continue; }
            var values = new List<KeyValuePair<string, object>>();
            var models = ReadMethodModels(m, path, err);
            var body = new HoconObject(m.Position, m.Fields.Where(f => f.Key is not ("name" or "model" or "models" or "training" or "retraining")).ToList());
            ReadOptions(body, path, definition.Options, values, err);
            switch (m.Get("training"))
            {
                case null: break;
                // A method's own training keys replace the study's for its trials; kept even when equal to the
                // default, so that they override a non-default study value (ExpandTrials drops them again).
                case HoconObject training: ReadOptions(training, $"{path}.training", TrainingSchema.Definitions, values, err, keepDefaults: true); break;
                case var other: err(other, $"{path}.training", $"expected an object {{ iterations = … }}, got {HparamDefinition.Describe(other)}"); break;
            }
            switch (m.Get("retraining"))
            {
                case null: break;
                case HoconObject _ when definition.Retraining is null:
                    var with = string.Join(", ", _methods.Names.Where(n => _methods.Get(n).Retraining is not null));
                    err(m.Get("retraining"), $"{path}.retraining", $"method {definition.Name} has no retraining of a found mask to apply these to; methods with one: {with}. Options for all of its training go in training {{ }}");
                    break;
                // Kept even when equal to a default: the block asks for the retraining (IMP plans a branch for it).
                case HoconObject retraining: ReadOptions(retraining, $"{path}.retraining", RetrainingSchema.Definitions, values, err, keepDefaults: true); break;
                case var other: err(other, $"{path}.retraining", $"expected an object {{ label-smoothing = …, activation = … }}, got {HparamDefinition.Describe(other)}"); break;
            }
            foreach (var d in definition.Options.Where(d => d.Default is null && !d.Optional))
                if (body.Get(d.ShortKey) is null && !gridKeys.Contains(d.Key))
                    err(m, $"{path}.{d.ShortKey}", $"missing; method {definition.Name} needs {d.Expected} (here or as grid.{d.Key})");
            methods.Add(new MethodSpec(definition.Name, Hparams.From(values), i, m.Position.Line) { Models = models });
        }
        return methods;
    }

    /// <summary>A method block's own models: <c>model = name</c> or <c>models = [names]</c> (not both), each a known model.</summary>
    private IReadOnlyList<string> ReadMethodModels(HoconObject block, string path, Action<HoconNode?, string, string> err)
    {
        var single = block.Get("model");
        var list = block.Get("models");
        if (single is not null && list is not null) { err(list, $"{path}.models", "also set as model in the same block; set one of model or models"); return Array.Empty<string>(); }
        var items = single is not null ? new[] { (Node: single, Key: $"{path}.model") }
            : list is HoconArray { Items.Count: > 0 } array ? array.Items.Select((n, j) => (Node: n, Key: $"{path}.models[{j}]")).ToArray()
            : list is null ? Array.Empty<(HoconNode, string)>()
            : null;
        if (items is null) { err(list, $"{path}.models", $"expected a non-empty list of model names, got {HparamDefinition.Describe(list!)}"); return Array.Empty<string>(); }
        var models = new List<string>();
        foreach (var (node, key) in items)
        {
            if (node is not HoconScalar { IsNull: false } s || s.Text.Length == 0) { err(node, key, $"expected a model name, got {HparamDefinition.Describe(node)}"); continue; }
            if (CheckModel(s.Text) is { } problem) err(node, key, problem);
            else if (models.Contains(s.Text)) err(node, key, $"model {s.Text} is listed twice");
            else models.Add(s.Text);
        }
        return models;
    }

    private IReadOnlyList<GridAxis> ReadGrid(HoconObject root, IReadOnlyList<MethodSpec> methods, Action<HoconNode?, string, string> err)
    {
        var node = root.Get("grid");
        if (node is null) return Array.Empty<GridAxis>();
        if (node is not HoconObject grid) { err(node, "grid", $"expected an object of key = [values], got {HparamDefinition.Describe(node)}"); return Array.Empty<GridAxis>(); }
        var axes = new List<GridAxis>();
        foreach (var (key, values) in Leaves(grid, ""))
        {
            var path = $"grid.{key}";
            if (values is not HoconArray list || list.Items.Count == 0) { err(values, path, $"expected a non-empty list of values, got {HparamDefinition.Describe(values)}"); continue; }
            var converted = new List<object>();
            if (key is HparamKeys.Dataset or HparamKeys.Model)
            {
                foreach (var item in list.Items)
                {
                    if (item is not HoconScalar { IsNull: false } s) { err(item, path, $"expected a string, got {HparamDefinition.Describe(item)}"); continue; }
                    var problem = key == HparamKeys.Dataset ? CheckDataset(s.Text) : CheckModel(s.Text);
                    if (problem is not null) err(item, path, problem); else converted.Add(s.Text);
                }
            }
            else if (key.StartsWith("method.", StringComparison.Ordinal))
            {
                // Each method that takes the key checks the values with its own definition (types, ranges
                // and defaults may differ between methods); methods that do not take it ignore the axis.
                var accepting = methods.Select(m => (Spec: m, Definition: _methods.Get(m.Name).Options.FirstOrDefault(o => o.Key == key)))
                    .Where(a => a.Definition is not null).ToList();
                if (accepting.Count == 0)
                {
                    var keys = methods.SelectMany(m => _methods.Get(m.Name).Options.Select(o => o.Key)).Distinct().Order(StringComparer.Ordinal);
                    err(values, path, methods.Count > 0 ? $"no method of this study accepts {key}; their options are {string.Join(", ", keys)}" : $"no method accepts {key}");
                    continue;
                }
                foreach (var (spec, _) in accepting.Where(a => a.Spec.Options.Contains(key)))
                    err(values, path, $"also set in methods[{spec.Index}] ({spec.Name}); set it in one place");
                foreach (var item in list.Items)
                {
                    object? value = null;
                    foreach (var (spec, definition) in accepting)
                    {
                        var (v, problem) = definition!.Convert(item);
                        if (problem is not null) { err(item, path, accepting.Count == 1 ? problem : $"{problem} (for methods[{spec.Index}], {spec.Name})"); value = null; break; }
                        value ??= v;
                    }
                    if (value is not null) converted.Add(value);
                }
            }
            else if (TrainingSchema.Schema.Find(key) is { } def)
            {
                foreach (var item in list.Items)
                {
                    var (value, problem) = def.Convert(item);
                    if (problem is not null) err(item, path, problem); else converted.Add(value!);
                }
            }
            else
            {
                err(values, path, $"unknown hyperparameter; grid keys are dataset, model, training.<key> ({string.Join(", ", TrainingSchema.Definitions.Select(d => d.Key).Order(StringComparer.Ordinal))}) or method.<option>");
                continue;
            }
            if (converted.Select(v => Hparams.FormatCanonical(v)).Distinct().Count() != converted.Count) err(values, path, "has repeated values");
            axes.Add(new GridAxis(key, converted));
        }
        return axes;
    }

    /// <summary>A block's fields, nested blocks of grouped keys (<c>label-noise { kind = … }</c>) flattened to dotted keys.</summary>
    private static IEnumerable<(string Key, HoconNode Value)> Fields(HoconObject obj, string prefix, IEnumerable<string> known)
    {
        foreach (var (k, v) in obj.Fields)
        {
            var key = prefix.Length == 0 ? k : $"{prefix}.{k}";
            if (v is HoconObject child && known.Any(s => s.StartsWith(key + ".", StringComparison.Ordinal)))
                foreach (var field in Fields(child, key, known)) yield return field;
            else yield return (key, v);
        }
    }

    private static IEnumerable<(string Key, HoconNode Value)> Leaves(HoconObject obj, string prefix)
    {
        foreach (var (k, v) in obj.Fields)
        {
            var key = prefix.Length == 0 ? k : $"{prefix}.{k}";
            if (v is HoconObject child) foreach (var leaf in Leaves(child, key)) yield return leaf;
            else yield return (key, v);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex NamePattern();
}
