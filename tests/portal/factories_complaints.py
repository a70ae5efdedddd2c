"""factory_boy factories of complaints (举报): one in 甘井子区 routed to 农业农村局 unless told otherwise."""

from __future__ import annotations

import factory
from django.utils import timezone

from npgov.core.models import Department, District
from npgov.portal.complaints.models import Complaint, ComplaintPhoto, ComplaintStep
from npgov.portal.complaints.services import new_tracking_code


class ComplaintFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Complaint

    tracking_code = factory.LazyFunction(new_tracking_code)
    topic = "pesticide"
    description = "沟渠里有大量农药包装瓶"
    address = "营城子街道"
    latitude = 38.9541
    longitude = 121.4648
    contact_name = "王先生"
    contact_phone = "13800000000"
    contact_email = "wang@example.com"
    client_fingerprint = "f" * 64
    status = Complaint.Status.ROUTED
    department = factory.LazyFunction(lambda: Department.objects.get(code="dl-ara"))
    district = factory.LazyFunction(lambda: District.objects.get(code="210211"))
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timezone.timedelta(days=15))


class ComplaintStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComplaintStep

    complaint = factory.SubFactory(ComplaintFactory)
    kind = ComplaintStep.Kind.RECEIVED


class ComplaintPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComplaintPhoto

    complaint = factory.SubFactory(ComplaintFactory)
    image = factory.django.ImageField(filename="photo.jpg", format="JPEG", width=20, height=10)
    content_type = "image/jpeg"
    width = 20
    height = 10
    size_bytes = 1000
    sha256 = "0" * 64
