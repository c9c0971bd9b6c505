using ActorSweep.Core.Tasks;
using ActorSweep.Core.Layout;

namespace ActorSweep.Results.Parquet;

/// <summary>
/// Reads a study's datasets back with Parquet.Net: the task ids already written (exactly-once on
/// resume) and whole rows (tests, the report command). Sees only finished parts, like any reader
/// that globs <c>*.parquet</c>, so it is safe to call while a writer is running.
/// </summary>
public static class ResultReader
{
    private static readonly string[] TrialColumns = ResultSchema.Trials.Columns.Select(c => c.Field.Name).ToArray();
    private static readonly string[] CurveColumns = ResultSchema.Curves.Columns.Select(c => c.Field.Name).ToArray();

    /// <summary>
    /// Ids of the tasks that have a row in <c>trials</c>, whatever their status: a failed or skipped
    /// row is final too. Reads only the <c>task_id</c> column. Empty when nothing was written yet.
    /// </summary>
    public static IReadOnlySet<string> ReadTaskIds(StudyLayout layout)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in PartFiles.In(ResultSchema.Trials.DirectoryIn(layout)))
        {
            ids.UnionWith(PartTable.Read(part, new[] { "task_id" }).Strings("task_id").OfType<string>());
        }
        return ids;
    }

    /// <summary>
    /// The status of every task that has a row in <c>trials</c> (<c>completed</c>, <c>failed</c> or
    /// <c>skipped</c>). Reads only two columns. Empty when nothing was written yet.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ReadRowStatuses(StudyLayout layout)
    {
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in PartFiles.In(ResultSchema.Trials.DirectoryIn(layout)))
        {
            var t = PartTable.Read(part, new[] { "task_id", "status" });
            var (ids, statuses) = (t.Strings("task_id"), t.Strings("status"));
            for (var i = 0; i < t.RowCount; i++)
                if (ids[i] is { } id) rows[id] = statuses[i] ?? throw new InvalidDataException($"{part}: row {i} (task {id}) has no status");
        }
        return rows;
    }

    /// <summary>Every row of <c>faults</c> (none for a study whose nodes never faulted).</summary>
    public static IReadOnlyList<NodeFaultRecord> ReadFaults(StudyLayout layout)
    {
        var rows = new List<NodeFaultRecord>();
        var columns = ResultSchema.Faults.Columns.Select(c => c.Field.Name).ToArray();
        foreach (var part in PartFiles.In(ResultSchema.Faults.DirectoryIn(layout)))
        {
            var t = PartTable.Read(part, columns);
            var (study, node, task, attempt, error, at, excluded) = (t.Strings("study"), t.Strings("node"), t.Strings("task_id"), t.Values<int>("attempt"),
                t.Strings("error"), t.Values<DateTime>("at"), t.Values<bool>("excluded"));
            for (var i = 0; i < t.RowCount; i++)
                rows.Add(new NodeFaultRecord(study[i]!, node[i]!, task[i]!, attempt[i] ?? 0, error[i]!, DateTime.SpecifyKind(at[i] ?? default, DateTimeKind.Utc), excluded[i] ?? false));
        }
        return rows;
    }

    /// <summary>Every row of <c>trials</c>, part by part in sequence order, rows in written order.</summary>
    public static IReadOnlyList<TrialRow> ReadTrials(StudyLayout layout)
    {
        var rows = new List<TrialRow>();
        foreach (var part in PartFiles.In(ResultSchema.Trials.DirectoryIn(layout)))
        {
            var t = PartTable.Read(part, TrialColumns);
            var (version, study, trial, task, parent) = (t.Values<int>("schema_version"), t.Strings("study"), t.Strings("trial_id"), t.Strings("task_id"), t.Strings("parent_task_id"));
            var (method, branch, model, dataset) = (t.Strings("method"), t.Strings("branch"), t.Strings("model"), t.Strings("dataset"));
            var (seed, round, remaining) = (t.Values<int>("seed"), t.Values<int>("round"), t.Values<double>("weights_remaining"));
            var (total, nonzero, earlyStop) = (t.Values<long>("params_total"), t.Values<long>("params_nonzero"), t.Values<int>("early_stop_iteration"));
            var (testAtStop, testFinal, trainFinal) = (t.Values<double>("test_accuracy_at_early_stop"), t.Values<double>("test_accuracy_final"), t.Values<double>("train_accuracy_final"));
            var (iterations, wall, node, device) = (t.Values<int>("iterations"), t.Values<double>("wall_seconds"), t.Strings("node"), t.Strings("device"));
            var (status, error, attempt, hparams) = (t.Strings("status"), t.Strings("error"), t.Values<int>("attempt"), t.Strings("hparams"));
            var (started, finished) = (t.Values<DateTime>("started_at"), t.Values<DateTime>("finished_at"));
            var (flopsDense, flopsSparse, compression, speedup, instability) = (t.Values<double>("flops_dense"), t.Values<double>("flops_sparse"),
                t.Values<double>("compression_ratio"), t.Values<double>("flop_speedup"), t.Values<double>("instability"));
            var parents = t.StringLists("parent_task_ids");
            var (drawnAt, saved, metrics) = (t.Values<int>("ticket_drawn_at"), t.Values<double>("training_saved"), t.DoubleMaps("metrics"));
            var reusedFrom = t.Strings("reused_from");
            for (var i = 0; i < t.RowCount; i++)
            {
                rows.Add(new TrialRow(
                    Required(version[i], "schema_version", part), Required(study[i], "study", part), Required(trial[i], "trial_id", part),
                    Required(task[i], "task_id", part), parent[i], Required(method[i], "method", part), Required(branch[i], "branch", part),
                    Required(model[i], "model", part), Required(dataset[i], "dataset", part), Required(seed[i], "seed", part),
                    Required(round[i], "round", part), remaining[i], total[i], nonzero[i], earlyStop[i], testAtStop[i], testFinal[i],
                    trainFinal[i], iterations[i], wall[i], Required(node[i], "node", part), device[i], Required(status[i], "status", part),
                    error[i], Required(attempt[i], "attempt", part), Required(hparams[i], "hparams", part),
                    Utc(Required(started[i], "started_at", part)), Utc(Required(finished[i], "finished_at", part)))
                {
                    FlopsDense = flopsDense[i], FlopsSparse = flopsSparse[i], CompressionRatio = compression[i], FlopSpeedup = speedup[i], Instability = instability[i],
                    ParentTaskIds = parents[i],
                    // Schema 6 carries a method's measurements in `metrics`; a schema-5 part has only Early-Bird's two columns.
                    Metrics = metrics[i] ?? Measurements.Of((ResultSchema.LegacyTicketDrawnAt, drawnAt[i]), (ResultSchema.LegacyTrainingSaved, saved[i])),
                    ReusedFrom = reusedFrom[i],
                });
            }
        }
        return rows;
    }

    /// <summary>
    /// Every row of <c>curves</c> whose batch was committed (its <c>trials</c> part exists): a part
    /// left by a batch that crashed before its trials part belongs to tasks that will run again.
    /// </summary>
    public static IReadOnlyList<CurveRow> ReadCurves(StudyLayout layout)
    {
        var rows = new List<CurveRow>();
        foreach (var part in CommittedParts(ResultSchema.Curves, layout))
        {
            var t = PartTable.Read(part, CurveColumns);
            var (version, study, task, iteration) = (t.Values<int>("schema_version"), t.Strings("study"), t.Strings("task_id"), t.Values<int>("iteration"));
            var (trainLoss, valLoss, valAcc, testAcc) = (t.Values<double>("train_loss"), t.Values<double>("val_loss"), t.Values<double>("val_accuracy"), t.Values<double>("test_accuracy"));
            for (var i = 0; i < t.RowCount; i++)
            {
                rows.Add(new CurveRow(Required(version[i], "schema_version", part), Required(study[i], "study", part), Required(task[i], "task_id", part),
                    Required(iteration[i], "iteration", part), trainLoss[i], valLoss[i], valAcc[i], testAcc[i]));
            }
        }
        return rows;
    }

    /// <summary>Every committed row of <c>interpolation</c> (LMC pairs): task id, α, test and train loss and accuracy.</summary>
    public static IReadOnlyList<InterpolationRow> ReadInterpolation(StudyLayout layout)
    {
        var rows = new List<InterpolationRow>();
        var columns = ResultSchema.Interpolation.Columns.Select(c => c.Field.Name).ToArray();
        foreach (var part in CommittedParts(ResultSchema.Interpolation, layout))
        {
            var t = PartTable.Read(part, columns);
            var (task, alpha, testLoss, testAcc, trainLoss, trainAcc) = (t.Strings("task_id"), t.Values<double>("alpha"), t.Values<double>("test_loss"),
                t.Values<double>("test_accuracy"), t.Values<double>("train_loss"), t.Values<double>("train_accuracy"));
            for (var i = 0; i < t.RowCount; i++)
                rows.Add(new InterpolationRow(Required(task[i], "task_id", part), Required(alpha[i], "alpha", part), testLoss[i], testAcc[i], trainLoss[i], trainAcc[i]));
        }
        return rows;
    }

    /// <summary>Every committed row of <c>combinations</c> (schema version 4 on; none in older study folders).</summary>
    public static IReadOnlyList<CombinationRow> ReadCombinations(StudyLayout layout)
    {
        var rows = new List<CombinationRow>();
        var columns = ResultSchema.Combinations.Columns.Select(c => c.Field.Name).ToArray();
        foreach (var part in CommittedParts(ResultSchema.Combinations, layout))
        {
            var t = PartTable.Read(part, columns);
            var (task, kind, members, used) = (t.Strings("task_id"), t.Strings("kind"), t.Values<int>("members"), t.Values<int>("members_used"));
            var (acc, nll, mean, best) = (t.Values<double>("test_accuracy"), t.Values<double>("test_nll"), t.Values<double>("member_mean_test_accuracy"), t.Values<double>("best_member_test_accuracy"));
            var (meanNll, disagreement, kl, overlap) = (t.Values<double>("member_mean_test_nll"), t.Values<double>("disagreement"), t.Values<double>("kl_divergence"), t.Values<double>("mask_overlap"));
            for (var i = 0; i < t.RowCount; i++)
                rows.Add(new CombinationRow(Required(task[i], "task_id", part), Required(kind[i], "kind", part), Required(members[i], "members", part),
                    Required(used[i], "members_used", part), acc[i], nll[i], mean[i], best[i], meanNll[i], disagreement[i], kl[i], overlap[i]));
        }
        return rows;
    }

    /// <summary>Every committed row of <c>robustness</c> (schema version 8 on; none in older study folders).</summary>
    public static IReadOnlyList<RobustnessRow> ReadRobustness(StudyLayout layout)
    {
        var rows = new List<RobustnessRow>();
        var columns = ResultSchema.Robustness.Columns.Select(c => c.Field.Name).ToArray();
        foreach (var part in CommittedParts(ResultSchema.Robustness, layout))
        {
            var t = PartTable.Read(part, columns);
            var (task, point, kind, name) = (t.Strings("task_id"), t.Strings("point"), t.Strings("kind"), t.Strings("name"));
            var (severity, epsilon, steps, examples, accuracy) = (t.Values<int>("severity"), t.Values<double>("epsilon"), t.Values<int>("steps"), t.Values<int>("examples"), t.Values<double>("accuracy"));
            for (var i = 0; i < t.RowCount; i++)
                rows.Add(new RobustnessRow(Required(task[i], "task_id", part), Required(point[i], "point", part), Required(kind[i], "kind", part),
                    Required(name[i], "name", part), Required(severity[i], "severity", part), epsilon[i], steps[i], Required(examples[i], "examples", part), accuracy[i]));
        }
        return rows;
    }

    /// <summary>
    /// The trials rows with what their <c>robustness</c> rows say added to their <see cref="TrialRow.Metrics"/>
    /// (<see cref="Core.Robustness.ShiftMeasurements"/>): the mean corruption accuracy and the robust accuracies at the early-stop point.
    /// </summary>
    public static IReadOnlyList<TrialRow> WithShiftMeasurements(IReadOnlyList<TrialRow> rows, IReadOnlyList<RobustnessRow> robustness)
    {
        if (robustness.Count == 0) return rows;
        var byTask = robustness.GroupBy(r => r.TaskId).ToDictionary(g => g.Key, g => Core.Robustness.ShiftMeasurements.Of(g.Select(r => (r.Point, r.Kind, r.Name, r.Accuracy))).ToList());
        return rows.Select(r => byTask.TryGetValue(r.TaskId, out var shift) && shift.Count > 0
            ? r with { Metrics = Core.Tasks.Measurements.Of(r.Metrics.Concat(shift.Select(s => new KeyValuePair<string, double>(s.Name, s.Value)))) }
            : r).ToList();
    }

    /// <summary>The parts of a detail dataset whose batch was committed (see <see cref="PartFiles.Committed"/>).</summary>
    private static IEnumerable<string> CommittedParts(ParquetDataset dataset, StudyLayout layout)
    {
        return PartFiles.Committed(PartFiles.In(dataset.DirectoryIn(layout)), PartFiles.In(ResultSchema.Trials.DirectoryIn(layout)));
    }

    private static DateTime Utc(DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Utc);

    private static T Required<T>(T? value, string column, string part) where T : struct =>
        value ?? throw new InvalidDataException($"{Path.GetFileName(part)}: required column {column} is missing or null");

    private static string Required(string? value, string column, string part) =>
        value ?? throw new InvalidDataException($"{Path.GetFileName(part)}: required column {column} is missing or null");
}
