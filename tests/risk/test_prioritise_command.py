"""``npgov risk prioritise``: per-site and per-substance inputs, the documented JSON, bad files refused."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command


def run(path: Path, *args: str) -> list[dict]:
    out = io.StringIO()
    call_command("risk", "prioritise", "--json", str(path), *args, stdout=out)
    return json.loads(out.getvalue())


def test_it_scores_each_substance_from_per_substance_summaries(tmp_path: Path) -> None:
    path = tmp_path / "summary.csv"
    path.write_text(
        "cas,n_sites,n_sites_above_pnec,mec95,mec_max,loq_min,pnec\n"
        "1763-23-1,20,10,0.065,0.1,0.0001,0.00065\n"  # FoE 0.5; EoE 100 → 0.5
        "335-67-1,20,0,0.5,0.9,0.01,19\n",  # no exceedance
        encoding="utf-8",
    )
    result = run(path)
    assert [r["cas"] for r in result] == ["1763-23-1", "335-67-1"]
    pfos = result[0]
    assert set(pfos) == {"cas", "frequency_of_exceedance", "extent_of_exceedance", "frequency_score",
                         "extent_score", "risk_score", "category"}  # fmt: skip
    assert pfos["frequency_of_exceedance"] == pytest.approx(0.5)
    assert pfos["extent_of_exceedance"] == pytest.approx(100.0)
    assert pfos["extent_score"] == 0.5 and pfos["risk_score"] == pytest.approx(1.0)
    assert result[1]["risk_score"] == 0.0


def test_it_derives_the_frequency_of_exceedance_from_per_site_rows(tmp_path: Path) -> None:
    rows = ["cas,site,mec,loq,pnec"] + [f"80-05-7,S{i},{i},0.1,1.5" for i in range(1, 11)]
    path = tmp_path / "sites.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    (bpa,) = run(path)
    assert bpa["frequency_of_exceedance"] == pytest.approx(0.9)  # nine of ten sites above 1.5


def test_a_file_without_the_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("cas,value\n1763-23-1,1\n", encoding="utf-8")
    with pytest.raises(CommandError):
        run(path)
    with pytest.raises(CommandError):
        run(tmp_path / "missing.csv")
