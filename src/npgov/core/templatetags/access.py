"""Show a link only to whom it opens for: ``{% if url|may_open:user %}`` and ``{% if obj|may_view:user %}``.

``may_open`` asks the page's view (see core.context_processors.view_may_open); ``may_view`` asks the
object's scope (``Model.objects.restrict(user, "view")``), for links to records another user may not see.
"""

from __future__ import annotations

from typing import Any

from django import template

from npgov.core.context_processors import url_may_open
from npgov.core.types import AnyUser

register = template.Library()


@register.filter
def may_open(url: str, user: AnyUser) -> bool:
    return bool(url) and url_may_open(str(url), user)


@register.filter
def may_view(obj: Any, user: AnyUser) -> bool:
    if obj is None or getattr(obj, "pk", None) is None:
        return False
    manager = type(obj)._default_manager
    if not hasattr(manager, "restrict"):
        return True
    return manager.restrict(user, "view").filter(pk=obj.pk).exists()
