"""Who may reach the portal's complaints routes (merged into tests/core/test_access_matrix.py).

The public form, its receipt and the status lookup are open to everyone (the receipt without a filed
complaint in the session sends back to the form). Handling is for officials: the target complaint is routed
to 市生态环境局 in 甘井子区, so the district persona handles it and the department persona (农业农村局) does not
learn it exists; enterprises and experts have no complaints at all. The API: filing is POST only (GET: 405),
the status by tracking code is public.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from npgov.core.models import Department
from tests.access_expectations import METHOD, NOT_ALLOWED, NOT_FOUND, OK, REDIRECT, api, page
from tests.conftest import Personas
from tests.portal.factories_complaints import ComplaintFactory, ComplaintPhotoFactory

EVERYONE = page(public=OK)
HANDLERS = {**page(), "enterprise": NOT_ALLOWED, "expert": NOT_ALLOWED}
SCOPED = {**page(others=NOT_FOUND, target="complaint"), "district": OK}

EXPECTED_COMPLAINTS: dict[str, dict[str, Any]] = {
    "portal:complaint_new": EVERYONE,
    "portal:complaint_done": page(public=REDIRECT, admin=REDIRECT, others=REDIRECT),
    "portal:complaint_status": EVERYONE,
    "portal:complaint_list": HANDLERS,
    "portal:complaint_detail": SCOPED,
    "portal:complaint_act": page(admin=METHOD, others=METHOD, target="complaint"),
    "portal:complaint_photo": {**page(others=NOT_FOUND, target="complaint_photo"), "district": OK},
    "api:portal-complaint-list": api(public=METHOD, admin=METHOD, others=METHOD),
    "api:portal-complaint-detail": api(public=OK, target="complaint_code"),
}


def targets(personas: Personas) -> dict[str, Callable[[], Any]]:
    complaint = ComplaintFactory(topic="emission", department=Department.objects.get(code="dl-eeb"))
    photo = ComplaintPhotoFactory(complaint=complaint)
    return {
        "complaint": lambda: complaint.pk,
        "complaint_photo": lambda: photo.pk,
        "complaint_code": lambda: complaint.tracking_code,
    }
