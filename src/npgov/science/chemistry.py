"""Structures on RDKit: parsing, standardisation to a parent, identifiers, descriptors, depiction.

Standardisation follows RDKit's MolStandardize: cleanup (normalise functional groups, reionise),
fragment parent (keep the largest organic fragment: drops counter-ions) and charge parent
(neutralise), so that potassium perfluorooctanesulfonate and ammonium perfluorooctanoate map to
the free acids they are salts of.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rdkit import Chem, rdBase
from rdkit.Chem import Descriptors, rdMolDescriptors
from rdkit.Chem.Draw import rdMolDraw2D
from rdkit.Chem.MolStandardize import rdMolStandardize

# RDLogger.DisableLog is this function re-exported, but RDKit's stubs only declare it on rdBase.
rdBase.DisableLog("rdApp.*")  # parse failures are reported to the user, not logged by RDKit


class StructureError(ValueError):
    """Text that no structure parser accepts."""


class Structure:
    """A parsed structure and its standardised parent; canonical SMILES and formulas are computed on demand.

    ``hint`` is the text the structure was parsed from: when it is a SMILES with neither ``.`` nor a
    charge, the molecule is its own parent and no canonical SMILES is needed to know that.
    """

    def __init__(self, mol: Chem.Mol, *, hint: str | None = None) -> None:
        self.mol = mol
        self._smiles: str | None = None
        self._parent_smiles: str | None = None
        self._parent_formula: str | None = None
        self._elements: frozenset[str] | None = None
        self._formula: str | None = None
        self._inchikey: str | None = None
        if hint is not None and not _may_need_standardising(hint):
            self.parent = mol
        else:
            self.parent = standardise(mol, smiles=self.smiles)

    @property
    def smiles(self) -> str:
        if self._smiles is None:
            self._smiles = Chem.MolToSmiles(self.mol)
        return self._smiles

    @property
    def parent_smiles(self) -> str:
        if self._parent_smiles is None:
            self._parent_smiles = self.smiles if self.parent is self.mol else Chem.MolToSmiles(self.parent)
        return self._parent_smiles

    @property
    def parent_flat_smiles(self) -> str:
        """The parent's canonical SMILES without stereochemistry (for inputs that give none)."""
        return Chem.MolToSmiles(self.parent, isomericSmiles=False)

    @property
    def has_stereo(self) -> bool:
        return self.parent_smiles != self.parent_flat_smiles

    @property
    def parent_formula(self) -> str:
        if self._parent_formula is None:
            self._parent_formula = rdMolDescriptors.CalcMolFormula(self.parent)
        return self._parent_formula

    @property
    def elements(self) -> frozenset[str]:
        """The heavy-atom elements of the structure as given (from its formula: no Python loop over atoms)."""
        if self._elements is None:
            self._elements = elements_of_formula(self.formula)
        return self._elements

    @property
    def inchikey(self) -> str:
        # Computing an InChIKey costs about three parses: once per structure.
        if self._inchikey is None:
            self._inchikey = _inchikey(self.mol)
        return self._inchikey

    @property
    def parent_inchikey(self) -> str:
        return _inchikey(self.parent)

    @property
    def formula(self) -> str:
        if self._formula is None:
            # A structure that is its own parent has one formula: computing it once serves both.
            self._formula = (
                self.parent_formula if self.parent is self.mol else rdMolDescriptors.CalcMolFormula(self.mol)
            )
        return self._formula

    @property
    def molecular_weight(self) -> float:
        return round(average_molecular_weight(self.mol), 3)

    @property
    def is_salt_or_mixture(self) -> bool:
        return self.parent is not self.mol


def average_molecular_weight(mol: Chem.Mol) -> float:
    """The average molecular weight (RDKit's ``Descriptors.MolWt``)."""
    # MolWt is a lambda assigned at import, which RDKit's stubs leave out.
    weight: float = Descriptors.MolWt(mol)  # type: ignore[attr-defined]
    return weight


def _inchikey(mol: Chem.Mol) -> str:
    # RDKit's stubs leave the InChI functions unannotated.
    key: str | None = Chem.MolToInchiKey(mol)  # type: ignore[no-untyped-call]
    return key or ""


def elements_of(mol: Chem.Mol) -> frozenset[str]:
    """The heavy-atom element symbols of a molecule (read from its formula: no Python loop over atoms)."""
    return elements_of_formula(rdMolDescriptors.CalcMolFormula(mol))


def elements_of_formula(formula: str) -> frozenset[str]:
    """The element symbols other than H of a Hill formula such as C8HF17O3S."""
    return frozenset(_ELEMENT.findall(formula)) - {"H"}


_ELEMENT = re.compile(r"[A-Z][a-z]?")
_ELEMENT_COUNT = re.compile(r"([A-Z][a-z]?)(\d*)")


def heavy_atom_formula(formula: str) -> str:
    """The formula without hydrogens or charge (C8HF15O2 → C8F15O2): equal for all forms InChI identifies."""
    counts = formula_counts(formula)
    return "".join(f"{symbol}{counts[symbol]}" for symbol in sorted(counts) if symbol != "H")


def formula_counts(formula: str) -> dict[str, int]:
    """Element → count from a Hill formula such as C8HF17O3S (charges ignored)."""
    counts: dict[str, int] = {}
    for symbol, number in _ELEMENT_COUNT.findall(formula):
        counts[symbol] = counts.get(symbol, 0) + (int(number) if number else 1)
    return counts


def parse_mol(text: str) -> Chem.Mol:
    """A molecule from SMILES, InChI or a MDL molfile; StructureError when none parses."""
    source = (text or "").strip()
    if not source:
        raise StructureError("empty structure")
    mol: Chem.Mol | None
    if source.startswith("InChI="):
        mol = Chem.MolFromInchi(source)  # type: ignore[no-untyped-call]  # unannotated in RDKit's stubs
    elif "\n" in source and ("V2000" in source or "V3000" in source):
        mol = Chem.MolFromMolBlock(source)
    else:
        mol = Chem.MolFromSmiles(source)
    if mol is None or mol.GetNumAtoms() == 0:
        raise StructureError(f"not a structure: {source[:60]}")
    return mol


@lru_cache(maxsize=1)
def _standardisers() -> tuple[rdMolStandardize.LargestFragmentChooser, rdMolStandardize.Uncharger]:
    # Heavy atoms only: a bulky counter-ion full of hydrogens (didecyldimethylammonium) must not
    # outweigh the perfluorinated anion it is a salt of.
    chooser_params = rdMolStandardize.CleanupParameters()
    # RDKit's stubs declare these boolean properties with untyped setters, which mypy reads as typed
    # like their owner: the assignments are right, the stubs are not.
    chooser_params.largestFragmentChooserCountHeavyAtomsOnly = True  # type: ignore[assignment]
    chooser_params.preferOrganic = True  # type: ignore[assignment]
    return rdMolStandardize.LargestFragmentChooser(chooser_params), rdMolStandardize.Uncharger()


# A charged bracket atom ([O-], [O-1], [NH4+]) or a metal written as an atom of its own ([K], [Na]):
# either may make the parent differ from the molecule as written.
_CHARGED_ATOM = re.compile(r"\[[^\]]*[+-]")
_METAL_ATOM = re.compile(
    r"\[(?:Li|Na|K|Rb|Cs|Be|Mg|Ca|Sr|Ba|Al|Ga|In|Tl|Sn|Pb|Bi|Sb|Zn|Cd|Hg|Cu|Ag|Au|Fe|Co|Ni|Mn|Cr|Ti|Zr|V|Mo|W)[^a-z]"
)


def _may_need_standardising(smiles: str) -> bool:
    """Several fragments (a salt, a mixture), a charged atom, or a metal bonded covalently (O[K])."""
    return "." in smiles or bool(_CHARGED_ATOM.search(smiles)) or bool(_METAL_ATOM.search(smiles))


def standardise(mol: Chem.Mol, *, smiles: str | None = None) -> Chem.Mol:
    """The parent: cleaned up, largest organic fragment, neutralised.

    A single-fragment molecule without charges is its own parent; standardising it anyway costs
    more than parsing, so that common case (decided on the canonical SMILES) is skipped.
    """
    if not _may_need_standardising(smiles if smiles is not None else Chem.MolToSmiles(mol)):
        return mol
    chooser, uncharger = _standardisers()
    cleaned = rdMolStandardize.Cleanup(mol)
    return uncharger.uncharge(chooser.choose(cleaned))


def structure_from_text(text: str) -> Structure:
    source = (text or "").strip()
    is_smiles = not source.startswith("InChI=") and "\n" not in source
    return Structure(parse_mol(source), hint=source if is_smiles else None)


def flat_smiles(smiles: str) -> str:
    """Canonical SMILES without stereochemistry."""
    return Chem.MolToSmiles(parse_mol(smiles), isomericSmiles=False)


def formula_of_smiles(smiles: str) -> str:
    return rdMolDescriptors.CalcMolFormula(parse_mol(smiles))


def canonical_smiles(text: str) -> str:
    return Chem.MolToSmiles(parse_mol(text))


def depict_svg(mol: Chem.Mol, *, width: int = 320, height: int = 240) -> str:
    """An SVG drawing of the structure (no external resources, safe to inline in a page)."""
    drawer = rdMolDraw2D.MolDraw2DSVG(width, height)
    options = drawer.drawOptions()
    options.clearBackground = False  # type: ignore[assignment]  # a bool property the stubs type wrongly
    rdMolDraw2D.PrepareAndDrawMolecule(drawer, Chem.Mol(mol))
    drawer.FinishDrawing()
    svg: str = drawer.GetDrawingText()
    return svg[svg.index("<svg") :] if "<svg" in svg else svg
