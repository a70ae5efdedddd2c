"""``npgov stats censored``: the CSV in, the documented JSON (or a table) out, bad files refused on stderr."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.science.test_censored import ATRA, ATRA_CEN, MONTH, NADA_CENFIT


def atrazine_csv(tmp_path: Path) -> Path:
    # NADA's Atrazine data, one group per month plus a third site with a single (non-)detect pair
    lines = ["value,censored,group"]
    lines += [f"{v},{'yes' if c else 'no'},{m}" for v, c, m in zip(ATRA, ATRA_CEN, MONTH, strict=True)]
    lines += ["0.5,true,井3", "0.8,false,井3"]
    path = tmp_path / "atrazine.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("stats", *args, stdout=out)
    return out.getvalue()


def test_it_prints_overall_and_group_statistics_as_json(tmp_path: Path) -> None:
    result = json.loads(run("censored", "--json", str(atrazine_csv(tmp_path))))
    assert set(result) == {"overall", "groups"}
    assert list(result["groups"]) == ["June", "Sept", "井3"]
    for month in ("June", "Sept"):
        n, n_cen, median, mean, sd = NADA_CENFIT[month]  # NADA's published cenfit output
        group = result["groups"][month]
        assert (group["n"], group["n_censored"]) == (n, n_cen)
        assert group["km"]["mean"] == pytest.approx(mean, rel=5e-7)
        assert group["km"]["sd"] == pytest.approx(sd, rel=5e-7)
        assert group["km"]["median"] == pytest.approx(median, rel=1e-7)
    site = result["groups"]["井3"]
    assert site["ros"] == {"mean": None, "median": None, "sd": None} and "ros" in site["notes"]
    assert result["overall"]["n"] == 50


def test_it_keeps_chinese_names_readable_in_json(tmp_path: Path) -> None:
    assert "井3" in run("censored", "--json", str(atrazine_csv(tmp_path)))


def test_it_prints_a_table_without_json(tmp_path: Path) -> None:
    lines = run("censored", str(atrazine_csv(tmp_path))).splitlines()
    assert "KM mean" in lines[0] and lines[1].startswith("(all)")
    june = next(line for line in lines if line.startswith("June"))
    assert june.split()[1:5] == ["24", "9", "62%", "0.04792"]  # n, n_cen, detection frequency, NADA's KM mean


def test_it_names_the_row_and_column_of_a_bad_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("value,censored,group\n0.1,no,a\n0.2,perhaps,a\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"row 3, column 'censored'"):
        run("censored", "--json", str(path))


def test_it_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no such file"):
        run("censored", str(tmp_path / "nowhere.csv"))
