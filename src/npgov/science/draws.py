"""The double-random draw (双随机): enterprises from a population, inspectors from a pool, from a seed.

Reproducible by anyone: the generator is Python's Mersenne Twister seeded with the SHA-256 of the
published seed text; the population and the pool enter sorted by id, so the same seed and the same
two lists always give the same selection, on any machine.
"""

from __future__ import annotations

import hashlib
import random
import secrets
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Officer:
    id: int
    district: int | None  # where the officer works
    conflicts: frozenset[int] = frozenset()  # enterprise ids the officer has ties to


@dataclass(frozen=True)
class Pick:
    enterprise: int
    inspectors: tuple[int, ...]
    shortfall: bool = False  # fewer eligible inspectors than asked for


def new_seed() -> str:
    """A fresh seed to publish (32 hex digits)."""
    return secrets.token_hex(16)


def _generator(seed: str) -> random.Random:
    return random.Random(int.from_bytes(hashlib.sha256(seed.encode("utf-8")).digest(), "big"))


def draw(
    *,
    seed: str,
    population: Sequence[int],
    pool: Sequence[Officer],
    count: int,
    per_task: int,
    district_of: dict[int, int | None],
    exclude_own_district: bool,
) -> list[Pick]:
    """Draw ``count`` enterprises, then ``per_task`` inspectors for each, without conflicts.

    An inspector is ineligible for an enterprise they have ties to, and (if asked) for one in their own
    district. Inspectors are spread: each pick prefers those with the fewest tasks so far, drawn at
    random among equals.
    """
    rng = _generator(seed)
    enterprises = sorted(set(population))
    chosen = sorted(rng.sample(enterprises, min(count, len(enterprises))))
    officers = sorted(pool, key=lambda o: o.id)
    load = dict.fromkeys((o.id for o in officers), 0)
    picks = []
    for enterprise in chosen:
        eligible = [
            o for o in officers
            if enterprise not in o.conflicts
            and not (exclude_own_district and o.district is not None and o.district == district_of.get(enterprise))
        ]  # fmt: skip
        rng.shuffle(eligible)
        eligible.sort(key=lambda o: load[o.id])  # stable: random order among equally loaded officers
        team = tuple(sorted(o.id for o in eligible[:per_task]))
        for officer in team:
            load[officer] += 1
        picks.append(Pick(enterprise=enterprise, inspectors=team, shortfall=len(team) < per_task))
    return picks
