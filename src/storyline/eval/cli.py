"""``storyline eval …`` commands: each reads a public gold set from --data and prints its measures.

Each evaluation module adds one command here; the command only parses options, calls the
module's ``run`` function (which returns plain data) and prints it.
"""

from __future__ import annotations

import typer

eval_app = typer.Typer(help="Measure quality against public gold data read from a path.", no_args_is_help=True)


@eval_app.command("figures")
def figures_cmd(
    data: str = typer.Option(..., "--data", help="Timeline17's folder (or one topic folder of it)."),
    limit: int = typer.Option(None, "--limit", help="Read only this many articles, picked at random (seeded)."),
    seed: int = typer.Option(17, "--seed", help="Seed for the article pick and the sample."),
    sample_out: str = typer.Option(None, "--sample-out", help="Write a hand-check sample here (outside the repository)."),
    sample_size: int = typer.Option(50, "--sample-size", help="How many counts the sample holds."),
    verdicts: str = typer.Option(None, "--verdicts", help="Hand-check verdicts (JSON) to report precision from."),
) -> None:
    """GDELT-style counts (killed, wounded, arrested, displaced, kidnapped): coverage, and precision of a checked sample."""
    import json
    from pathlib import Path

    from rich.console import Console
    from rich.table import Table

    from storyline.errors import StorylineError
    from storyline.eval.figures import precision, run

    console = Console()
    try:
        result = run(data, limit=limit, seed=seed, sample_out=sample_out, sample_size=sample_size)
    except StorylineError as e:
        console.print(f"[red]error:[/red] {e}")
        raise typer.Exit(2) from None
    rate = result["words"] / result["seconds"] if result["seconds"] else 0.0
    table = Table(title=f"{result['articles']} articles, {result['words']:,} words, {result['figures']} figures ({rate:,.0f} words/s)")
    for col in ("category", "articles", "share of articles", "claims"):
        table.add_column(col, justify="left" if col == "category" else "right")
    for name, row in result["categories"].items():
        table.add_row(name, str(row["articles"]), f"{row['article_share']:.1%}", str(row["claims"]))
    table.add_row("any", str(result["any_category_articles"]), f"{result['any_category_articles'] / max(result['articles'], 1):.1%}", str(result["counts"]))
    console.print(table)
    if result["sample"]:
        console.print(f"sample of {result['sample']['size']} counts written to {result['sample']['path']}")
    if verdicts:
        rows = json.loads(Path(verdicts).read_text(encoding="utf-8"))
        p = precision(rows["verdicts"] if isinstance(rows, dict) else rows)
        console.print(f"hand-checked precision: {p['correct']}/{p['checked']} = {p['precision']:.3f}")


@eval_app.command("clustering")
def clustering_cmd(
    data: str = typer.Option(..., "--data", help="The set's folder or file, in its native form."),
    fmt: str = typer.Option(..., "--format", help="ecbplus, basil, giveme5w1h, newswcl50 or uci."),
    split: str = typer.Option(None, "--split", help="ECB+ only: dev (default), train or all."),
    max_clusters: int = typer.Option(None, "--max-clusters", help="Keep only this many gold events (deterministic)."),
    baselines: bool = typer.Option(True, "--baselines/--no-baselines", help="Also run the baselines."),
) -> None:
    """Events and stories against gold (BCubed and pairwise P/R/F1), beside the baselines."""
    from rich.console import Console
    from rich.table import Table

    from storyline.errors import StorylineError
    from storyline.eval.clustering import run

    from rich.markup import escape

    console = Console()
    if not console.is_terminal:
        # Piped into a results file: keep each row on one line.
        console = Console(width=200)
    try:
        result = run(data, fmt, split=split, max_clusters=max_clusters, baselines=baselines)
    except StorylineError as e:
        console.print(f"[red]error:[/red] {e}")
        raise typer.Exit(2) from None
    title = f"{result['format']} ({result['split']}): {result['documents']} documents, {result['gold_events']} gold events"
    if result["gold_stories"]:
        title += f", {result['gold_stories']} gold stories"
    table = Table(title=title)
    for col in ("level", "method", "B3 P", "B3 R", "B3 F1", "pair P", "pair R", "pair F1", "clusters"):
        table.add_column(col, justify="left" if col in ("level", "method") else "right")
    for row in result["rows"]:
        table.add_row(
            row["level"],
            row["method"],
            *(f"{row[k]:.3f}" for k in ("bcubed_p", "bcubed_r", "bcubed_f1", "pairwise_p", "pairwise_r", "pairwise_f1")),
            str(row["clusters"]),
        )
    console.print(table)
    for note in result["notes"]:
        console.print(f"[yellow]{escape(note)}[/yellow]")


@eval_app.command("dates")
def dates_cmd(
    data: str = typer.Option(..., "--data", help="A folder of TimeML .tml (TempEval-3 TBAQ) or MEANTIME CAT .xml files."),
    baseline: bool = typer.Option(True, "--baseline/--no-baseline", help="Also score spaCy DATE/TIME entities + dateparser."),
    errors: str = typer.Option(None, "--errors", help="Write every disagreement as JSON lines here (for error analysis)."),
) -> None:
    """Temporal expressions against TimeML gold: TempEval-3 extraction (strict, relaxed) and value/type F1."""
    from rich.console import Console
    from rich.table import Table

    from storyline.errors import StorylineError
    from storyline.eval.dates import run, write_errors

    console = Console()
    systems = ("storyline", "spacy+dateparser") if baseline else ("storyline",)
    try:
        report = run(data, systems=systems)
    except StorylineError as e:
        console.print(f"[red]error:[/red] {e}")
        raise typer.Exit(2) from None
    table = Table(title=f"{report.data}: {report.documents} documents (TempEval-3 measures, DCT not scored)")
    for col in ("set", "system", "gold", "found", "strict P", "strict R", "strict F1", "relaxed P", "relaxed R", "relaxed F1", "value F1", "type F1", "value acc"):
        table.add_column(col, justify="left" if col in ("set", "system") else "right")
    for row in report.table():
        table.add_row(
            row["group"],
            row["name"],
            str(row["gold"]),
            str(row["system"]),
            *(f"{row[k]:.3f}" for k in ("strict_p", "strict_r", "strict_f1", "relaxed_p", "relaxed_r", "relaxed_f1", "value_f1", "type_f1", "value_accuracy")),
        )
    console.print(table)
    if errors:
        write_errors(report, errors)
        console.print(f"wrote {errors}")


@eval_app.command("quotes")
def quotes_cmd(
    data: str = typer.Option(..., "--data", help="PolNeAR's folder (with train/ and dev/, each holding text/ and attributions/)."),
    split: str = typer.Option("dev", "--split", help="dev (for reporting) or train (for development)."),
    limit: int = typer.Option(None, "--limit", help="Read only the first N annotation files."),
    textacy: bool = typer.Option(True, "--textacy/--no-textacy", help="Also score textacy's direct_quotations side by side."),
    cache_dir: str = typer.Option(".cache/quotes-eval", "--cache-dir", help="Cache of parsed documents ('' for none)."),
    basil: str = typer.Option(None, "--basil", help="Also check quote speakers on BASIL (its folder)."),
) -> None:
    """Quotes against PolNeAR: content P/R/F1 at 50% overlap (direct, indirect, all) and speaker accuracy."""
    from rich.console import Console
    from rich.table import Table

    from storyline.errors import StorylineError
    from storyline.eval.quotes import run

    console = Console()
    try:
        result = run(data, split=split, limit=limit, textacy=textacy, cache_dir=cache_dir or None)
    except StorylineError as e:
        console.print(f"[red]error:[/red] {e}")
        raise typer.Exit(2) from None
    gold = result["gold"]
    title = (
        f"PolNeAR {result['split']}: {result['documents']} annotation files over {result['texts']} texts, "
        f"{gold['all']} gold quotes ({gold['direct']} direct, {gold['indirect']} indirect)"
    )
    table = Table(title=title)
    for col in ("system", "kind", "P", "R", "F1", "matched", "gold", "predicted", "speaker acc"):
        table.add_column(col, justify="left" if col in ("system", "kind") else "right")
    for name, scores in result["systems"].items():
        for kind in ("direct", "indirect", "all"):
            s = scores[kind]
            sp = scores["speaker"]
            speaker = f"{sp['accuracy']:.3f} ({sp['correct']}/{sp['matched']})" if kind == "all" else ""
            table.add_row(name, kind, f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}", str(s["matched"]), str(s["gold"]), str(s["predicted"]), speaker)
    console.print(table)
    for name, scores in result["systems"].items():
        parts = [f"{k} {v['recall']:.3f} ({v['matched']}/{v['gold']})" for k, v in scores["recall_by_cue"].items()]
        console.print(f"{name}: recall by gold cue: " + "; ".join(parts))
        refs = scores["speaker"]["by_ref"]
        parts = [f"{k} {v['accuracy_resolved']:.3f} ({v['correct']}/{v['resolved']}), resolved {v['resolved_share']:.3f} ({v['resolved']}/{v['matched']})" for k, v in refs.items()]
        console.print(f"{name}: speaker accuracy on resolved, and share resolved, by gold source: " + "; ".join(parts))
    secs = result["seconds"]
    console.print(f"parsing {secs['parse']:.1f} s; " + ", ".join(f"{k} {v:.1f} s" for k, v in secs.items() if k != "parse"))
    if basil:
        from storyline.eval.quotes_basil import run_basil

        try:
            b = run_basil(basil, cache_dir=cache_dir or None)
        except StorylineError as e:
            console.print(f"[red]error:[/red] {e}")
            raise typer.Exit(2) from None
        console.print(
            f"BASIL: {b['articles']} articles, {b['spans']} quote spans, found {b['found']} ({b['coverage']:.3f}); "
            f"speaker of the {b['named_found']} found spans with a one-speaker label: {b['speaker_accuracy']:.3f} ({b['speaker_correct']}/{b['named_found']})"
        )



@eval_app.command("timeline")
def timeline_cmd(
    data: str = typer.Option(..., "--data", help="Timeline17's folder (<topic>_<outlet>/InputDocs, timelines.jsonl)."),
    topics: str = typer.Option(None, "--topics", help="Comma-separated topic folders to run (default: all)."),
    method: list[str] = typer.Option(None, "--method", help="Run only this method (repeatable; default: all)."),
    rouge: str = typer.Option("perl", "--rouge", help="perl: ROUGE-1.5.5 as published; reimpl: tilse's fast approximation."),
    cache_dir: str = typer.Option(".cache/timeline17", "--cache-dir", help="Cache of the spaCy pass and resolved dates."),
    dedup: bool = typer.Option(True, "--dedup/--no-dedup", help="Leave out copies and rewrites, as the timeline stage does."),
    json_path: str = typer.Option(None, "--json", help="Also write every score as JSON here."),
) -> None:
    """Timeline summarisation on Timeline17 (news-tls protocol): date F1 and alignment-based ROUGE, beside baselines."""
    import json
    import sys

    from rich.console import Console
    from rich.table import Table

    from storyline.errors import StorylineError
    from storyline.eval.timeline import run

    # Wide enough for one row per timeline when the output goes to a file or a pipe.
    console = Console(width=None if sys.stdout.isatty() else 170)
    try:
        result = run(
            data,
            topics=[t.strip() for t in topics.split(",")] if topics else None,
            only=method or None,
            rouge=rouge,  # type: ignore[arg-type]
            cache_dir=cache_dir or None,
            dedup=dedup,
        )
    except StorylineError as e:
        console.print(f"[red]error:[/red] {e}")
        raise typer.Exit(2) from None
    per = Table(title=f"per timeline: date F1 / align+ m:1 ROUGE-1 F1 / ROUGE-2 F1 ({result['rouge']})")
    per.add_column("timeline")
    per.add_column("days", justify="right")
    for name in result["methods"]:
        per.add_column(name, justify="right")
    for row in result["timelines"]:
        cells = []
        for name in result["methods"]:
            s = row["scores"][name]
            cells.append(f"{s['date']['f_score']:.3f} / {s['align+ m:1']['rouge_1']['f_score']:.3f} / {s['align+ m:1']['rouge_2']['f_score']:.3f}")
        per.add_row(f"{row['topic']} {row['name']}", f"{row['days']}×{row['k']}", *cells)
    console.print(per)
    avg = Table(title=f"mean over {len(result['timelines'])} timelines (F1 of mean P and mean R, as news-tls)")
    avg.add_column("method")
    avg.add_column("date F1", justify="right")
    for metric in result["metrics"]:
        avg.add_column(f"{metric} R1", justify="right")
        avg.add_column(f"{metric} R2", justify="right")
    for name in result["methods"]:
        a = result["average"][name]
        cells = [f"{a['date']['f_score']:.3f}"]
        for metric in result["metrics"]:
            cells += [f"{a[metric]['rouge_1']['f_score']:.3f}", f"{a[metric]['rouge_2']['f_score']:.3f}"]
        avg.add_row(name, *cells)
    console.print(avg)
    console.print(f"{result['seconds']} s in all, {result['annotate_seconds']} s reading and dating the articles")
    if json_path:
        with open(json_path, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=1, default=str)
        console.print(f"wrote {json_path}")


@eval_app.command("trust")
def trust_cmd(
    data: str = typer.Option(..., "--data", help="The folder holding the public sets (timeline17, basil, giveme5w1h_news, newswcl50)."),
    split: str = typer.Option("all", "--split", help="dev, test or all (all prints the three)."),
    datasets: str = typer.Option(None, "--datasets", help="Comma-separated gold datasets to score (default: every gold file)."),
    gold: str = typer.Option(None, "--gold", help="The gold folder (default: the package's eval/gold/realnews)."),
    annotator: str = typer.Option("a1", "--annotator", help="Whose gold records to score."),
    json_path: str = typer.Option(None, "--json", help="Also write every number (and the error examples) as JSON here."),
) -> None:
    """Measures and targets on the real-news gold: figures, quantities, sources, as-of days, conflicts, speakers, quoted dates."""
    import json
    import sys

    from rich.console import Console
    from rich.table import Table

    from storyline.errors import StorylineError
    from storyline.eval.trust import GOLD_DIR, run

    console = Console(width=None if sys.stdout.isatty() else 160)
    if split not in ("dev", "test", "all"):
        console.print(f"[red]error:[/red] --split must be dev, test or all (not {split!r})")
        raise typer.Exit(2)
    splits = ("dev", "test", "all") if split == "all" else (split,)
    try:
        result = run(
            data,
            datasets=[d.strip() for d in datasets.split(",") if d.strip()] if datasets else None,
            splits=splits,
            gold_dir=gold or GOLD_DIR,
            annotator=annotator,
        )
    except StorylineError as e:
        console.print(f"[red]error:[/red] {e}")
        raise typer.Exit(2) from None

    def cell(m: dict) -> str:
        value = "—" if m["value"] is None else f"{m['value']:.3f}"
        return f"{value} ({m['num']}/{m['den']})"

    counts = ", ".join(f"{s} {result['articles'][s]}" for s in splits)
    table = Table(title=f"trust on {', '.join(result['datasets'])} (annotator {result['annotator']}; articles: {counts})")
    table.add_column("measure")
    for s in splits:
        table.add_column(s, justify="right")
    table.add_column("target", justify="right")
    first = result["splits"][splits[0]]["measures"]
    for name, m in first.items():
        target = f"≥{m['target']:.2f}" if "target" in m else ""
        table.add_row(name, *(cell(result["splits"][s]["measures"][name]) for s in splits), target)
    for row in result["not_measured"]:
        table.add_row(f"{row['measure']} ({row['gold']} gold events)", *(row["note"] for _ in splits), "")
    console.print(table)
    refs = Table(title="reported-speech speakers by gold reference (accuracy on resolved; resolved share)")
    refs.add_column("ref")
    for s in splits:
        refs.add_column(f"{s} accuracy", justify="right")
        refs.add_column(f"{s} resolved", justify="right")
    for ref in result["splits"][splits[0]]["speakers_by_ref"]:
        cells = []
        for s in splits:
            r = result["splits"][s]["speakers_by_ref"][ref]
            cells += [cell(r["accuracy"]), cell(r["resolved"])]
        refs.add_row(ref, *cells)
    console.print(refs)
    for name, a in (result.get("stories") or {}).get("agreement", {}).items():
        k = "—" if a["kappa"] is None else f"{a['kappa']:.2f}"
        console.print(f"story judgements, {name}: agreement {cell(a)}, kappa {k}")
    for problem in result["problems"]:
        console.print(f"[yellow]{problem}[/yellow]")
    console.print(f"{result['seconds']} s")
    if json_path:
        with open(json_path, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=1, default=str)
        console.print(f"wrote {json_path}")
