"""Benchmark: NPGov's classification engine against a bare RDKit loop over the same structures.

Anchor (measured in the same run): for every structure, parse the SMILES with RDKit and test every
SMARTS pattern of the rule set (the list files' patterns, scaffolds, head groups and antibiotic
classes). NPGov: the science Classifier built from the shipped list files, classifying the same
structures (parse, standardise salts to parents, CAS/parent lookup, every group rule with its
element pre-screen). Prints

    BENCH classify ratio=<NPGov rate / bare rate> rate=<NPGov structures per second>

Target: ratio >= 1.0. On a shared machine the load changes between the two timings: each side is timed
``--repeat`` times (default 2), alternating, and the best time of each side is compared.

Then the page path (``--service N``, default 20,000; 0 skips it), in a worker process with its own SQLite
database (migrated, reference data loaded: the registry and the lists): an inventory file of N distinct
SMILES is screened by the screening job (``regulations.screening``: read the file, resolve every row
against the registry, classify, word the explanations, save the report), and the same N structures are
classified by the engine alone in the same process, alternating, best of each. Prints

    BENCH classify_service ratio=<job time per structure / engine time per structure> per_structure_ms=<job>
    BENCH classify_api ratio=<classify_identifiers + as_json time per structure / engine> per_structure_ms=<api>
    BENCH classify_api_lean ratio=<the same with "structure_ids": false / engine> per_structure_ms=<api>

Target: classify_service ratio <= 2 (no query per row, one pass over the rules). The API line answers
with each structure's canonical SMILES and InChIKey (an InChIKey costs about three parses), which the
screening report leaves out; the lean line is the API asked without them (``"structure_ids": false``), as a
caller classifying a large inventory would. Usage: python bench/classify.py [N] [--service N] [--repeat K].
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from rdkit import Chem, RDLogger

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from npgov.science.chemistry import StructureError, structure_from_text  # noqa: E402
from npgov.science.classification import Classifier, EntrySpec  # noqa: E402
from npgov.science.grouprules import CARBOXYLIC_HEAD, SULFONYL_HEAD, compile_rule  # noqa: E402

RDLogger.DisableLog("rdApp.*")
DATA = ROOT / "src/npgov/regulations/data"
HALOGENS = ["F", "Cl", "Br"]


def load_entries() -> tuple[list[EntrySpec], list[str]]:
    """EntrySpecs from the list files (as the service builds them) and every SMARTS pattern they use."""
    classes = yaml.safe_load((DATA / "rules/antibiotic_classes.yaml").read_text(encoding="utf-8"))["classes"]
    parents = {}
    substances = ROOT / "src/npgov/substances/data/substances.csv"
    if substances.exists():
        for row in csv.DictReader(substances.open(encoding="utf-8")):
            if row.get("smiles"):
                try:
                    parents[row["cas"]] = structure_from_text(row["smiles"]).parent_smiles
                except StructureError:
                    pass
    entries, patterns = [], [CARBOXYLIC_HEAD, SULFONYL_HEAD]
    for cls in classes.values():
        patterns += cls["smarts"] + cls.get("require", [])
    for path in sorted(DATA.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for entry in data["entries"]:
            rule = entry.get("group_rule") or {}
            patterns += rule.get("patterns", []) + [s["smarts"] for s in rule.get("scaffolds", [])]
            members = [m["cas"] for m in entry.get("members") or [] if m.get("cas")]
            entries.append(EntrySpec(
                key=(data["list"]["code"], entry["item"]), list_code=data["list"]["code"], item=str(entry["item"]),
                member_cas=frozenset(members), member_parents={parents[c]: c for c in members if c in parents},
                rule=compile_rule(rule, classes=classes),
            ))  # fmt: skip
    return entries, sorted(set(patterns))


def _chain(rng: random.Random, length: int, halogen_share: float) -> str:
    atoms = []
    for _ in range(length):
        substituent = f"({rng.choice(HALOGENS)})" if rng.random() < halogen_share else ""
        atoms.append(f"C{substituent}")
    return "".join(atoms)


def _ring(rng: random.Random) -> str:
    ring = ["c"] * 6
    for i in range(6):
        r = rng.random()
        if r < 0.2:
            ring[i] = f"c({rng.choice(HALOGENS)})"
        elif r < 0.3:
            ring[i] = "c(O)"
        elif r < 0.35:
            ring[i] = "c(N)"
        elif r < 0.4:
            ring[i] = f"c({'C' * rng.randint(1, 4)})"
    ring[0] = ring[0].replace("c", "c1", 1)
    ring[5] = ring[5].replace("c", "c1", 1) if "(" not in ring[5] else "c1" + ring[5][1:]
    return "".join(ring)


def _perfluoro(rng: random.Random) -> str:
    chain = "C(F)(F)" * rng.randint(2, 11) + "F"
    head = rng.choice(["OC(=O)", "OS(=O)(=O)", "OCC", "NS(=O)(=O)", "[O-]C(=O)", "CC(=O)N"])
    salt = rng.choice(["", "", "[Na+].", "[K+].", "[NH4+]."]) if head.startswith("[O-]") else ""
    return salt + head + chain if salt else head + chain


def _druglike(rng: random.Random) -> str:
    core = rng.choice([
        "OC(=O)c1cn(C2CC2)c2cc(N3CCNCC3)c(F)cc2c1=O", "Cc1cc(NS(=O)(=O)c2ccc(N)cc2)no1",
        "CC1(C)SC2C(NC(=O)Cc3ccccc3)C(=O)N2C1C(=O)O", "CC(C)Cc1ccc(C(C)C(=O)O)cc1", "CN1CCC(CC1)c1ccccc1",
        "O=C(Nc1ccccc1)c1ccccc1", "c1ccc2[nH]ccc2c1", "OC(=O)c1ccccc1O", "CCOC(=O)C(C)(C)Oc1ccc(Cl)cc1",
    ])  # fmt: skip
    return core + "." * 0 if rng.random() < 0.7 else f"{core}C{'C' * rng.randint(0, 6)}"


def structures(n: int, seed: int = 20261125) -> list[str]:
    """n distinct SMILES of varied size: paraffins, chlorinated paraffins, aromatics, PFAS, drug-like, salts."""
    rng = random.Random(seed)
    makers = [
        lambda: _chain(rng, rng.randint(3, 24), rng.choice([0.0, 0.0, 0.2, 0.5])),
        lambda: _chain(rng, rng.randint(2, 10), 0.1) + "O",
        lambda: _ring(rng) + rng.choice(["", "O" + _ring(rng), _ring(rng), "C(=O)O", "C" * rng.randint(1, 12)]),
        lambda: _perfluoro(rng),
        lambda: _druglike(rng) + rng.choice(["", "C", "CC", "Cl", "O", "N"]) * rng.randint(0, 3),
        lambda: _chain(rng, rng.randint(2, 8), 0.0) + rng.choice(["OC(=O)C", "N(C)C", "C(=O)O", "S(=O)(=O)O"]),
    ]
    seen: dict[str, None] = {}
    while len(seen) < n:
        smiles = rng.choice(makers)()
        if Chem.MolFromSmiles(smiles) is not None:
            seen.setdefault(smiles, None)
    return list(seen)


def bare_loop(smiles_list: list[str], patterns: list[str]) -> float:
    queries = [Chem.MolFromSmarts(p) for p in patterns]
    start = time.perf_counter()
    hits = 0
    for smiles in smiles_list:
        mol = Chem.MolFromSmiles(smiles)
        if mol is None:
            continue
        for query in queries:
            hits += mol.HasSubstructMatch(query)
    return time.perf_counter() - start


def npgov_loop(smiles_list: list[str], classifier: Classifier) -> tuple[float, int]:
    start = time.perf_counter()
    listed = sum(1 for smiles in smiles_list if classifier.classify_smiles(smiles))
    return time.perf_counter() - start, listed


WORKER_TAG = "BENCH-WORKER "


def _best_of(repeat: int, *timers: object) -> list[float]:
    """Each timer's best time over ``repeat`` alternating rounds (the load of a shared machine varies)."""
    best = [float("inf")] * len(timers)
    for _ in range(repeat):
        for i, timer in enumerate(timers):
            best[i] = min(best[i], timer())  # type: ignore[operator]
    return best


def worker_service(n: int, repeat: int) -> dict:
    """In a fresh SQLite database: the screening job over n SMILES, the API service, the engine alone."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.urls import reverse

    from npgov.core.models import Job
    from npgov.regulations.services.classification import classifier_get, classify_identifiers
    from npgov.regulations.tasks import screening_task

    call_command("migrate", verbosity=0, interactive=False)
    call_command("reference", stdout=io.StringIO())
    settings.UPLOAD_LIMIT_FACTOR = max(1.0, n / 5000)  # one file of n rows, as a deployment raising the caps
    smiles = structures(n)
    data = ("smiles\n" + "\n".join(smiles) + "\n").encode()
    entries, _patterns = load_entries()
    classifier_get()  # built once, as a running server has it
    reverse("regulations:screening_report", args=[1])  # the URLconf loaded, as a running server has it

    def job() -> float:
        path = Path(settings.MEDIA_ROOT) / "bench-inventory.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        record = Job.objects.create(name="bench", task=screening_task.name,
                                    params={"path": str(path), "filename": "inventory.csv"})  # fmt: skip
        start = time.perf_counter()
        screening_task(job_id=record.pk)
        elapsed = time.perf_counter() - start
        record.refresh_from_db()
        assert record.status == "succeeded" and record.result["rows"] == n, (record.status, record.log)
        stats["listed"] = record.result["listed"]
        return elapsed

    def api() -> float:
        start = time.perf_counter()
        for i in range(0, n, 500):  # the API takes 500 identifiers per request
            [r.as_json() for r in classify_identifiers(smiles[i : i + 500])]
        return time.perf_counter() - start

    def api_lean() -> float:  # the API asked with "structure_ids": false (large batches)
        start = time.perf_counter()
        for i in range(0, n, 500):
            [r.as_json(structure_ids=False) for r in classify_identifiers(smiles[i : i + 500])]
        return time.perf_counter() - start

    def engine() -> float:
        return npgov_loop(smiles, Classifier(entries))[0]  # a fresh classifier: no cached answers

    stats: dict = {}
    engine_s, job_s, api_s, lean_s = _best_of(repeat, engine, job, api, api_lean)
    return {"engine": engine_s, "job": job_s, "api": api_s, "api_lean": lean_s, **stats}


def run_service(n: int, repeat: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="npgov-bench-classify-") as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/db.sqlite3", "NPGOV_INSTANCE_DIR": tmp,
               "DJANGO_SETTINGS_MODULE": "npgov.settings", "DEBUG": "false", "NPGOV_ENVIRONMENT": "development",
               "SECRET_KEY": "bench-" + "x" * 50, "LOG_LEVEL": "warning", "CELERY_BROKER_URL": ""}  # fmt: skip
        command = [sys.executable, __file__, "--worker", str(n), "--repeat", str(repeat)]
        done = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith(WORKER_TAG)]
    if done.returncode != 0 or not lines:
        sys.stdout.write(done.stdout)
        raise SystemExit(f"service worker failed (exit {done.returncode})")
    return json.loads(lines[-1][len(WORKER_TAG) :])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=100_000, help="distinct structures (default 100,000)")
    parser.add_argument("--service", type=int, default=20_000, help="structures screened by the job (0: skip)")
    parser.add_argument("--repeat", type=int, default=2, help="alternating timings of each side (best kept)")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(WORKER_TAG + json.dumps(worker_service(args.worker, args.repeat)))
        return
    n = args.n
    entries, patterns = load_entries()
    smiles_list = structures(n)
    sizes = [Chem.MolFromSmiles(s).GetNumHeavyAtoms() for s in smiles_list[:2000]]
    listed = 0

    def ours_timer() -> float:
        nonlocal listed
        elapsed, listed = npgov_loop(smiles_list, Classifier(entries))  # a fresh classifier: no cached answers
        return elapsed

    bare, ours = _best_of(args.repeat, lambda: bare_loop(smiles_list, patterns), ours_timer)
    print(f"# {n} distinct structures, {min(sizes)}-{max(sizes)} heavy atoms; {len(patterns)} SMARTS in the anchor; "
          f"{sum(e.rule is not None for e in entries)} group rules; {listed} structures on a list")  # fmt: skip
    print(f"# best of {args.repeat}: bare RDKit loop {bare:.1f} s ({n / bare:,.0f}/s); NPGov {ours:.1f} s "
          f"({n / ours:,.0f}/s)")  # fmt: skip
    print(f"BENCH classify ratio={bare / ours:.2f} rate={n / ours:.0f}")
    if args.service:
        m = args.service
        found = run_service(m, args.repeat)
        engine, job, api, lean = (found[k] / m * 1000 for k in ("engine", "job", "api", "api_lean"))
        print(f"# page path: {m} SMILES screened by the job in {found['job']:.1f} s ({found['listed']} on a list); "
              f"engine alone {found['engine']:.1f} s; API service {found['api']:.1f} s (best of {args.repeat})")
        print(f"BENCH classify_service ratio={job / engine:.2f} per_structure_ms={job:.3f}")
        print(f"BENCH classify_api ratio={api / engine:.2f} per_structure_ms={api:.3f}")
        print(f"BENCH classify_api_lean ratio={lean / engine:.2f} per_structure_ms={lean:.3f}")


if __name__ == "__main__":
    main()
