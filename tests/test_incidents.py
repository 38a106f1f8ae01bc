"""No traceback, no server path ever reaches a browser (issue 14, item 6).

- The known triggers answer with one French sentence: the Contingent CSV upload (empty file,
  unbalanced quote, binary bytes).
- Any other unexpected error shows a French message with an incident number; the server log
  carries the same number with the traceback (real server, protocol-level client).
"""

from __future__ import annotations

import pytest

from observatoire import contingent as C

ILLISIBLES = [b"", b"\n", b"   \n", b'annee;bailleur\n2024;"abc\n', b'"', b"\x81\x8d\x8f\x90\x9d" * 3, b"\x00\x01\x02"]


@pytest.mark.parametrize("contenu", ILLISIBLES, ids=range(len(ILLISIBLES)))
def test_csv_du_contingent_illisible_une_phrase_francaise(contenu):
    with pytest.raises(ValueError) as e:
        C.lire_fichier_flux(contenu)
    message = str(e.value)
    assert message.startswith("le fichier") and "Error" not in message and "/" not in message


def test_la_page_contingent_montre_la_phrase_sans_rien_ecrire():
    from tests.conftest import RACINE

    texte = (RACINE / "pages" / "contingent.py").read_text(encoding="utf-8")
    # the page reads the upload inside a try that turns the ValueError into its error list
    assert "except ValueError as e:" in texte and "C.lire_fichier_flux(fichier.getvalue())" in texte
