"""Models of enforcement, one module per area (the app grew past one file)."""

from npgov.enforcement.models.inspections import *  # noqa: F403
from npgov.enforcement.models.products import *  # noqa: F403
from npgov.enforcement.models.trade import *  # noqa: F403
