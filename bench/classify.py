"""Benchmark: NPGov's classification engine against a bare RDKit loop over the same structures.

Anchor (measured in the same run): for every structure, parse the SMILES with RDKit and test every
SMARTS pattern of the rule set (the list files' patterns, scaffolds, head groups and antibiotic
classes). NPGov: the science Classifier built from the shipped list files, classifying the same
structures (parse, standardise salts to parents, CAS/parent lookup, every group rule with its
element pre-screen). Prints

    BENCH classify ratio=<NPGov rate / bare rate> rate=<NPGov structures per second>

Target: ratio >= 1.0. Usage: python bench/classify.py [N] (default 100000 distinct structures).
"""

from __future__ import annotations

import csv
import random
import sys
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


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    entries, patterns = load_entries()
    classifier = Classifier(entries)
    smiles_list = structures(n)
    sizes = [Chem.MolFromSmiles(s).GetNumHeavyAtoms() for s in smiles_list[:2000]]
    bare = bare_loop(smiles_list, patterns)
    ours, listed = npgov_loop(smiles_list, classifier)
    print(f"# {n} distinct structures, {min(sizes)}-{max(sizes)} heavy atoms; {len(patterns)} SMARTS in the anchor; "
          f"{sum(e.rule is not None for e in entries)} group rules; {listed} structures on a list")  # fmt: skip
    print(f"# bare RDKit loop {bare:.1f} s ({n / bare:,.0f}/s); NPGov {ours:.1f} s ({n / ours:,.0f}/s)")
    print(f"BENCH classify ratio={bare / ours:.2f} rate={n / ours:.0f}")


if __name__ == "__main__":
    main()
