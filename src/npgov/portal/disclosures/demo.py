"""Demo disclosures (``npgov demo`` only): the demo enterprise's published disclosure of its last accepted
survey year, taken from that report; a second enterprise of its district whose disclosure disagrees with its
survey report (one substance left out), so that the review has something to show; every other enterprise on
the disclosure list has none (missing, overdue after 15 March). Idempotent: a year already disclosed is kept.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from npgov.core.models import User
from npgov.enterprises.selectors import enterprise_list
from npgov.portal.disclosures import selectors, services
from npgov.portal.disclosures.models import Disclosure

TREATMENT = (
    "含二氯甲烷、三氯甲烷废气经密闭收集后活性炭吸附处理，废水经厂内污水处理站预处理后排入市政管网，"
    "废活性炭等危险废物委托有资质单位处置。"
)


def _publish(enterprise: Any, year: int, user: User, *, drop_first: bool = False) -> bool:
    if Disclosure.objects.filter(enterprise=enterprise, year=year).exists():
        return False
    lines = selectors.survey_lines(enterprise.pk, year)
    if drop_first and len(lines) > 1:
        lines = lines[1:]
    if not lines:
        return False
    draft = services.save_draft(enterprise=enterprise, year=year, user=user, treatment=TREATMENT, lines=lines)
    draft.lines.filter(kind="emission", medium="air").update(concentration="0.85", concentration_unit="mg/m3")
    services.publish(disclosure=draft, user=user)
    return True


@transaction.atomic
def load() -> str:
    user = User.objects.filter(username="enterprise").first()
    if user is None:
        return "no demo enterprise user"
    company = user.enterprises.first()
    if company is None:
        return "the demo enterprise user has no enterprise"
    obligated = selectors.obligation_pairs(enterprise_list(ids=[company.pk]))
    years = sorted(y for (_e, y) in obligated)
    done = 0
    if years:
        # the year before the latest report (already due), or the latest when it is the only one
        year = years[0]
        done += _publish(company, year, user)
    # another enterprise of the same district, whose disclosure leaves one substance out
    others = selectors.obligation_pairs(enterprise_list().filter(district=company.district).exclude(pk=company.pk))
    admin = User.objects.filter(username="admin").first()
    for (_enterprise_id, year), entry in sorted(others.items())[:1]:
        if admin is not None:
            done += _publish(entry.enterprise, year, admin, drop_first=True)
    return f"{done} disclosures published"
