// ActorSweep dashboard: polls the JSON API (docs/dashboard-api.md) every 2 s and draws with uPlot.
"use strict";
(function () {
  const palette = ["#2b6cb0", "#c05621", "#2f855a", "#9b2c2c", "#6b46c1", "#b7791f", "#2c7a7b", "#97266d", "#4a5568", "#dd6b20"];
  const $ = (id) => document.getElementById(id);
  const state = { study: null, resultsText: null, trial: null, curvesKey: null, charts: [] };
  window.dashboard = { statusUpdates: 0, resultsUpdates: 0, plottedPoints: 0 };

  async function getJson(url) {
    const r = await fetch(url, { cache: "no-store" });
    const body = await r.json().catch(() => ({ error: r.statusText }));
    if (!r.ok) throw new Error(body.error || r.statusText);
    return body;
  }
  const text = (v) => (v === null || v === undefined ? "" : String(v));
  const pct = (v, digits = 1) => (v === null || v === undefined ? "" : (v * 100).toFixed(digits) + " %");
  function cell(tr, value, cls) { const td = document.createElement("td"); td.textContent = text(value); if (cls) td.className = cls; tr.appendChild(td); return td; }
  function eta(s) {
    if (s === null || s === undefined) return "–";
    if (s <= 0) return "done";
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = Math.floor(s % 60);
    return h > 0 ? `${h} h ${String(m).padStart(2, "0")} min` : m > 0 ? `${m} min ${String(sec).padStart(2, "0")} s` : `${sec} s`;
  }
  function showError(message) { const e = $("error"); e.hidden = !message; e.textContent = message || ""; }

  function renderStatus(s) {
    const c = s.counts;
    $("count-total").textContent = s.total;
    for (const k of ["pending", "running", "committing", "completed", "failed", "skipped"]) $("count-" + k).textContent = c[k];
    $("reused-note").textContent = c.reused ? ` (${c.reused} reused)` : "";
    $("eta").textContent = s.done ? "done" : eta(s.eta_seconds);
    $("bar-done").style.width = (100 * c.completed / Math.max(1, s.total)) + "%";
    $("bar-failed").style.width = (100 * (c.failed + c.skipped) / Math.max(1, s.total)) + "%";
    const src = $("source");
    src.textContent = { live: "live", journal: "from the journal", rows: "from the Parquet rows" }[s.source] || s.source;
    src.className = "badge " + s.source;
    src.title = s.coordinator || "";
    $("coordinators").textContent = s.active_coordinator
      ? `coordinator: ${s.active_coordinator}` + (s.standbys && s.standbys.length ? ` · standing by: ${s.standbys.join(", ")}` : "")
      : "";
    $("updated").textContent = "updated " + new Date(s.updated).toLocaleTimeString();
    const notes = [s.note, ...(s.hung_slots || []).map(h => "slot taken out of service: " + h)].filter(x => x);
    const note = $("note"); note.hidden = notes.length === 0; note.textContent = notes.join(" · ");

    const body = $("task-table").tBodies[0];
    body.replaceChildren();
    for (const node of s.nodes) {
      const slots = node.slots.length ? node.slots : [{ worker: "", task: null }];
      for (const slot of slots) {
        const tr = document.createElement("tr");
        if (!node.in_service) tr.className = "node-out";
        cell(tr, node.address + (node.in_service ? "" : " (out of service)"));
        cell(tr, slot.worker.split("/").pop());
        const t = slot.task;
        if (t) {
          tr.dataset.task = t.task_id;
          cell(tr, `${t.model} ${t.method}` + (t.attempt > 1 ? ` (attempt ${t.attempt})` : ""));
          cell(tr, t.round); cell(tr, t.branch); cell(tr, t.seed);
          cell(tr, t.iteration === null ? "starting" : `${t.iteration} / ${t.total_iterations}`);
          cell(tr, pct(t.val_accuracy));
        } else {
          cell(tr, node.slots.length ? "idle" : "no slot", "idle");
          for (let i = 0; i < 5; i++) cell(tr, "");
        }
        body.appendChild(tr);
      }
    }
    $("no-nodes").hidden = s.nodes.length > 0;

    const problems = $("problems").tBodies[0];
    problems.replaceChildren();
    for (const p of s.problems) {
      const tr = document.createElement("tr");
      cell(tr, p.task_id.slice(0, 12)); cell(tr, `${p.model} ${p.method}`); cell(tr, p.round); cell(tr, p.branch); cell(tr, p.seed);
      cell(tr, p.phase); cell(tr, p.failures); cell(tr, p.error, "reason");
      problems.appendChild(tr);
    }
    for (const n of s.nodes.filter((n) => !n.in_service)) {
      const tr = document.createElement("tr");
      cell(tr, "node"); cell(tr, n.address); cell(tr, ""); cell(tr, ""); cell(tr, ""); cell(tr, "out of service"); cell(tr, ""); cell(tr, n.out_of_service_reason, "reason");
      problems.appendChild(tr);
    }
    const recent = $("recent-failures");
    recent.replaceChildren(...s.recent_failures.map((f) => { const li = document.createElement("li"); li.textContent = f; return li; }));
    $("problems-section").hidden = problems.rows.length === 0 && s.recent_failures.length === 0;
    window.dashboard.statusUpdates++;
  }

  // One chart: x values (ascending) and series of {label, color, y[], lo[], hi[]}; bands shade lo..hi.
  function chart(el, title, xLabel, yLabel, xs, lines, opts) {
    const data = [xs];
    const series = [{}];
    const bands = [];
    for (const line of lines) {
      const mean = data.push(line.y) - 1;
      series.push({ label: line.label, stroke: line.color, width: line.dash ? 1 : 2, dash: line.dash, spanGaps: true, points: { show: !line.dash && xs.length <= 40, size: 6, fill: line.color } });
      if (line.lo && line.hi) {
        const hi = data.push(line.hi) - 1; series.push({ label: line.label + " +σ", stroke: "transparent", spanGaps: true, points: { show: false } });
        const lo = data.push(line.lo) - 1; series.push({ label: line.label + " −σ", stroke: "transparent", spanGaps: true, points: { show: false } });
        bands.push({ series: [hi, lo], fill: line.fill || line.color + "33" });
      }
      void mean;
    }
    const box = document.createElement("div");
    box.className = "plot";
    const h = document.createElement("h3"); h.textContent = title; box.appendChild(h);
    el.appendChild(box);
    // A horizontal band across the whole plot (the dense baseline), drawn under the series.
    const hband = opts && opts.hband;
    const hooks = hband ? { drawAxes: [(u) => {
      const top = u.valToPos(hband.hi, "y", true), bottom = u.valToPos(hband.lo, "y", true);
      u.ctx.save();
      u.ctx.fillStyle = hband.color;
      u.ctx.fillRect(u.bbox.left, top, u.bbox.width, Math.max(1, bottom - top));
      u.ctx.restore();
    }] } : {};
    // The y range covers every value and the band, padded.
    const values = lines.flatMap((l) => [...l.y, ...(l.lo || []), ...(l.hi || [])]).filter((v) => v !== null && isFinite(v));
    if (hband) values.push(hband.lo, hband.hi);
    let yScale = opts && opts.y ? opts.y : { auto: true };
    if (!(opts && opts.y) && values.length) {
      const lo = Math.min(...values), hi = Math.max(...values), pad = Math.max((hi - lo) * 0.08, Math.abs(hi) * 1e-4, 1e-6);
      yScale = { auto: false, range: [lo - pad, hi + pad] };
    }
    const u = new uPlot({
      width: Math.min(760, Math.max(420, el.clientWidth - 10)), height: 340,
      scales: { x: Object.assign({ time: false }, opts && opts.x), y: yScale },
      axes: [{ label: xLabel, values: opts && opts.xValues, splits: opts && opts.xSplits }, { label: yLabel, size: 60 }],
      legend: { show: false },
      series, bands, hooks,
    }, data, box);
    const legend = document.createElement("div");
    legend.className = "legend";
    for (const l of lines) {
      const item = document.createElement("span");
      const swatch = document.createElement("i");
      swatch.style.background = l.color;
      item.append(swatch, l.label);
      legend.appendChild(item);
    }
    box.appendChild(legend);
    return u;
  }

  function aligned(xs, points, x, y) {
    const at = new Map(points.map((p) => [x(p), p]));
    return xs.map((v) => { const p = at.get(v); return p === undefined ? null : y(p); });
  }

  function levelPlots(results) {
    for (const c of state.charts) c.destroy();
    state.charts = [];
    const keep = (u) => { state.charts.push(u); return u; };
    $("accuracy-plots").replaceChildren();
    $("early-stop-plots").replaceChildren();
    let plotted = 0;
    // Log scale, 100 % on the left (as the lottery-ticket papers draw it), never beyond 100 %.
    const ticks = [100, 80, 50, 30, 20, 10, 5, 3, 2, 1, 0.5, 0.3, 0.2, 0.1, 0.05, 0.02, 0.01];
    const logX = {
      x: { distr: 3, log: 10, dir: -1, range: (u, min) => [Math.min(min, 100) / 1.6, 115] },
      xSplits: (u, axis, min, max) => ticks.filter((t) => t >= min && t <= max),
      xValues: (u, vals) => vals.map((v) => (v === null ? "" : String(v))),
    };
    for (const table of results.tables) {
      const xs = [...new Set(table.series.flatMap((s) => s.points.map((p) => +(p.weights_remaining * 100).toPrecision(6))))].sort((a, b) => a - b);
      if (xs.length === 0) continue;
      const pick = (stat, scale) => (p) => (p[stat] ? p[stat].mean * scale : null);
      const sd = (stat, scale, sign) => (p) => (p[stat] ? (p[stat].mean + sign * (p[stat].std || 0)) * scale : null);
      const x = (p) => +(p.weights_remaining * 100).toPrecision(6);
      const acc = table.series.map((s, i) => ({
        label: s.label, color: palette[i % palette.length],
        y: aligned(xs, s.points, x, pick("test_accuracy_at_early_stop", 100)),
        lo: aligned(xs, s.points, x, sd("test_accuracy_at_early_stop", 100, -1)),
        hi: aligned(xs, s.points, x, sd("test_accuracy_at_early_stop", 100, +1)),
      }));
      plotted += acc.reduce((n, l) => n + l.y.filter((v) => v !== null).length, 0);
      let hband = null;
      if (table.dense) {
        const m = table.dense.mean * 100, s = Math.max((table.dense.std || 0) * 100, 0.05);
        hband = { lo: m - s, hi: m + s, color: "#a0aec066" };
        acc.unshift({ label: `dense ${m.toFixed(2)} ± ${s.toFixed(2)}`, color: "#a0aec0", y: xs.map(() => null) });
      }
      keep(chart($("accuracy-plots"), table.title, "weights remaining (%)", "test accuracy (%)", xs, acc, Object.assign({ hband }, logX)));
      comparisons($("accuracy-plots"), table);
      measurements($("accuracy-plots"), table);
      const stop = table.series.map((s, i) => ({
        label: s.label, color: palette[i % palette.length],
        y: aligned(xs, s.points, x, pick("early_stop_iteration", 1)),
        lo: aligned(xs, s.points, x, sd("early_stop_iteration", 1, -1)),
        hi: aligned(xs, s.points, x, sd("early_stop_iteration", 1, +1)),
      }));
      keep(chart($("early-stop-plots"), table.title, "weights remaining (%)", "early-stop iteration", xs, stop, logX));
    }
    $("accuracy-plots").dataset.points = plotted;
    window.dashboard.plottedPoints = plotted;
  }

  // Each point against the dense network: the paired difference over seeds with its 95 % interval and the verdict
  // after Holm's correction within the table (the report's comparison column).
  function comparisons(el, table) {
    const rows = table.series.flatMap((s) => s.points.filter((p) => p.versus_dense).map((p) => ({ s, p, c: p.versus_dense })));
    if (rows.length === 0) return;
    const signed = (v) => (v >= 0 ? "+" : "−") + Math.abs(v * 100).toFixed(2);
    const t = document.createElement("table");
    t.className = "comparisons";
    t.innerHTML = "<thead><tr><th>series</th><th>weights %</th><th>Δ vs dense (points, 95 % CI)</th><th>verdict</th><th>seeds needed</th></tr></thead>";
    const body = document.createElement("tbody");
    for (const { s, p, c } of rows) {
      const tr = document.createElement("tr");
      tr.className = "verdict-" + c.verdict.replace(/[^a-z]/g, "");
      const cells = [s.label, (p.weights_remaining * 100).toFixed(1),
        c.diff === null ? (c.note || "") : `${signed(c.diff)} [${signed(c.low)}, ${signed(c.high)}]`,
        c.verdict, c.diff === null ? "" : (c.seeds_needed === null ? "> 50" : String(c.seeds_needed))];
      for (const v of cells) { const td = document.createElement("td"); td.textContent = v; tr.appendChild(td); }
      body.appendChild(tr);
    }
    t.appendChild(body);
    el.appendChild(t);
  }

  // The measurements a method declares (the trials' metrics map, e.g. Early-Bird's draw), as the report's extra columns.
  function measurements(el, table) {
    const rows = table.series.flatMap((s) => s.points.filter((p) => p.measurements.length > 0).map((p) => ({ s, p })));
    if (rows.length === 0) return;
    const names = [...new Map(rows.flatMap(({ p }) => p.measurements.map((m) => [m.name, m.label]))).entries()];
    const shown = (m) => {
      if (!m) return "–";
      const digits = m.format.includes(".") ? m.format.split(".")[1].length : 0;
      return (m.mean * m.scale).toFixed(digits) + (m.std !== null && m.n > 1 ? " ± " + (m.std * m.scale).toFixed(digits) : "");
    };
    const t = document.createElement("table");
    t.className = "measurements";
    const head = document.createElement("tr");
    for (const h of ["series", "weights %", ...names.map(([, label]) => label)]) { const th = document.createElement("th"); th.textContent = h; head.appendChild(th); }
    const thead = document.createElement("thead");
    thead.appendChild(head);
    t.appendChild(thead);
    const body = document.createElement("tbody");
    for (const { s, p } of rows) {
      const tr = document.createElement("tr");
      const cells = [s.label, (p.weights_remaining * 100).toFixed(1), ...names.map(([name]) => shown(p.measurements.find((m) => m.name === name)))];
      for (const v of cells) { const td = document.createElement("td"); td.textContent = v; tr.appendChild(td); }
      body.appendChild(tr);
    }
    t.appendChild(body);
    el.appendChild(t);
  }

  function renderResults(r) {
    $("rows-total").textContent = r.rows;
    $("rows-completed").textContent = r.completed;
    $("rows-failed").textContent = r.failed;
    $("rows-skipped").textContent = r.skipped;
    levelPlots(r);
    const select = $("trial");
    const keep = state.trial || select.value;
    select.replaceChildren(...r.trials.map((t) => { const o = document.createElement("option"); o.value = t.trial_id; o.textContent = `${t.label} · ${t.tasks} task(s)`; return o; }));
    if (r.trials.some((t) => t.trial_id === keep)) select.value = keep;
    state.trial = select.value || null;
    window.dashboard.resultsUpdates++;
  }

  let curvesChart = null;
  async function renderCurves(force) {
    if (!state.trial) return;
    const key = state.trial + "|" + $("branch").value + "|" + $("rows-total").textContent;
    if (!force && key === state.curvesKey) return;
    state.curvesKey = key;
    const c = await getJson(`api/studies/${encodeURIComponent(state.study)}/curves?trial=${encodeURIComponent(state.trial)}`);
    const branches = [...new Set(c.tasks.map((t) => t.branch))];
    const branchSelect = $("branch");
    const keep = branches.includes(branchSelect.value) ? branchSelect.value : branches.includes("main") ? "main" : branches[0];
    branchSelect.replaceChildren(...branches.map((b) => { const o = document.createElement("option"); o.value = b; o.textContent = b; return o; }));
    if (keep !== undefined) branchSelect.value = keep;
    state.curvesKey = state.trial + "|" + branchSelect.value + "|" + $("rows-total").textContent;
    const tasks = c.tasks.filter((t) => t.branch === branchSelect.value);
    const xs = [...new Set(tasks.flatMap((t) => t.iterations))].sort((a, b) => a - b);
    const lines = tasks.map((t, i) => {
      const at = new Map(t.iterations.map((it, k) => [it, t.val_accuracy[k]]));
      return { label: t.label, color: palette[i % palette.length], y: xs.map((v) => (at.has(v) && at.get(v) !== null ? at.get(v) * 100 : null)) };
    });
    // The first evaluations (near chance) would flatten the rest: the y range covers the last 90 % of training.
    const late = xs.length ? xs[xs.length - 1] * 0.1 : 0;
    const ys = lines.flatMap((l) => l.y.filter((v, k) => v !== null && xs[k] >= late));
    const y = ys.length ? { auto: false, range: [Math.max(0, Math.min(...ys) - 0.5), Math.min(100, Math.max(...ys) + 0.5)] } : { auto: true };
    if (curvesChart) curvesChart.destroy();
    $("curves-plot").replaceChildren();
    curvesChart = chart($("curves-plot"), `trial ${c.trial_id} · ${branchSelect.value}`, "iteration", "validation accuracy (%)", xs, lines, { y });
  }

  async function tick() {
    try {
      const s = await getJson(`api/studies/${encodeURIComponent(state.study)}/status`);
      renderStatus(s);
      const r = await getJson(`api/studies/${encodeURIComponent(state.study)}/results`);
      const t = JSON.stringify(r);
      if (t !== state.resultsText) { state.resultsText = t; renderResults(r); }
      await renderCurves(false);
      showError(null);
    } catch (e) {
      showError("cannot reach the dashboard API: " + e.message);
    }
    setTimeout(tick, 2000);
  }

  async function start() {
    try {
      const studies = await getJson("api/studies");
      const select = $("study");
      select.replaceChildren(...studies.map((s) => { const o = document.createElement("option"); o.value = s.study; o.textContent = `${s.study} (${s.tasks} tasks)`; return o; }));
      const wanted = decodeURIComponent(location.hash.slice(1));
      state.study = studies.some((s) => s.study === wanted) ? wanted : studies.length ? studies[0].study : null;
      select.value = state.study;
      select.onchange = () => { state.study = select.value; state.resultsText = null; state.trial = null; state.curvesKey = null; location.hash = state.study; };
      $("trial").onchange = () => { state.trial = $("trial").value; renderCurves(true); };
      $("branch").onchange = () => renderCurves(true);
      if (state.study) tick(); else showError("this dashboard serves no study yet; it appears once its coordinator has started");
      if (!state.study) setTimeout(start, 2000);
    } catch (e) {
      showError("cannot reach the dashboard API: " + e.message);
      setTimeout(start, 2000);
    }
  }
  start();
})();
