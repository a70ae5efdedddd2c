"""Demo complaints (``npgov demo`` only): what the demo logins ``agri`` (农业农村局) and ``district`` (甘井子区) handle.

Four complaints filed through the same service as the portal form: two about pesticides in 甘井子区 (one
answered with a public reply, one past its answer date), one about an emission there, taken up by the
district, and one about a product in 中山区. Fixed tracking codes make the run idempotent and let a demo
visitor look one up (e.g. JBDEMXAGR2A2XX shows the reply).
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from npgov.core.models import District, User
from npgov.portal.complaints import services
from npgov.portal.complaints.models import Complaint

GANJINGZI = (38.9541, 121.4648)  # inside 甘井子区 (its label point)
ZHONGSHAN = (38.9036, 121.6691)  # inside 中山区

CASES = [
    # (code, topic, point, description, address, days ago)
    ("JBDEMXAGR2A2XX", "pesticide", GANJINGZI, "农田边的沟渠里丢弃了大量农药包装瓶，有的还有残液，下雨后流进河里。",
     "营城子街道附近农田沟渠", 12),
    ("JBDEMXAGR3B3XX", "pesticide", GANJINGZI, "村里的农资店在卖没有标签的农药，店主说是“进口高效杀虫剂”。",
     "革镇堡街道某农资店", 25),
    ("JBDEMXEEB4C4XX", "emission", GANJINGZI, "工业园区一家企业夜间从厂区后面的排水口排放有刺鼻气味的废水。",
     "甘井子区工业园区北侧排水口", 6),
    ("JBDEMXSMR5D5XX", "product", ZHONGSHAN, "商场里销售的儿童玩具有很重的塑料味，怀疑含有禁用的增塑剂。",
     "中山区某商场三楼", 3),
]  # fmt: skip


def load() -> str:
    if Complaint.objects.filter(tracking_code__in=[case[0] for case in CASES]).count() == len(CASES):
        return "already loaded"
    agri = User.objects.filter(username="agri").first()
    district_user = User.objects.filter(username="district").first()
    today = timezone.localdate()
    made = 0
    for code, topic, (lat, lon), description, address, days_ago in CASES:
        if Complaint.objects.filter(tracking_code=code).exists():
            continue
        with transaction.atomic():
            data = services.ComplaintInput(topic=topic, description=description, address=address, latitude=lat,
                                           longitude=lon, occurred_on=today - timedelta(days=days_ago + 1),
                                           contact_name="王先生", contact_phone="138 0000 0000")  # fmt: skip
            complaint = services.complaint_file(data=data, today=today - timedelta(days=days_ago), code=code)
            received = timezone.now() - timedelta(days=days_ago)
            Complaint.objects.filter(pk=complaint.pk).update(created_at=received)
            complaint.steps.update(at=received)
            complaint.refresh_from_db()
            if code == "JBDEMXAGR2A2XX" and agri is not None:
                services.complaint_take(complaint=complaint, user=agri, note="已安排执法人员现场核查。")
                services.complaint_reply(
                    complaint=complaint, user=agri,
                    reply="经现场核查，沟渠内农药包装废弃物已全部清理，并交由有资质的单位回收处置。已约谈相关种植户，"
                          "并在村内开展农药包装废弃物回收宣传。感谢您的监督。",
                    note="涉及两户种植户，已责令整改。",
                )  # fmt: skip
            elif code == "JBDEMXEEB4C4XX" and district_user is not None:
                services.complaint_take(complaint=complaint, user=district_user, note="已通知街道网格员夜间巡查。")
            made += 1
    ganjingzi = District.objects.filter(code="210211").first()
    return f"{made} complaints ({ganjingzi or '210211 missing'})"
