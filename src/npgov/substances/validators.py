"""Messages and normalisers for substance identifiers, shared by forms, imports and classification.

Kept out of ``models`` so that other apps can use them without importing the substance models.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from npgov.science.identifiers import IdentifierError, normalise_cas


def cas_error_message(exc: IdentifierError) -> str:
    """The localised message for a CAS RN that failed its check (shared by forms, imports, classify)."""
    if exc.code == "cas_check_digit":
        return str(
            _("CAS RN %(value)s: the check digit should be %(expected)s, not %(found)s.")
            % {"value": exc.value, **exc.params}
        )
    return str(_("%(value)s is not a CAS RN (format: 2–7 digits, 2 digits, 1 check digit).") % {"value": exc.value})


def cas_or_text(raw: str) -> str:
    """The canonical CAS RN, or the text unchanged when it is not a valid one (validation reports it)."""
    try:
        return normalise_cas(raw)
    except IdentifierError:
        return raw
