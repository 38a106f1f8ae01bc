"""No traceback, no server path ever reaches a browser (issue 14, item 6).

- The known triggers answer with one French sentence: the Contingent CSV upload (empty file,
  unbalanced quote, binary bytes).
- Any other unexpected error shows a French message with an incident number; the server log
  carries the same number with the traceback (real server, protocol-level client).
"""

from __future__ import annotations

import pytest

from observatoire.indicateurs import contingent as C

ILLISIBLES = [b"", b"\n", b"   \n", b'annee;bailleur\n2024;"abc\n', b'"', b"\x81\x8d\x8f\x90\x9d" * 3, b"\x00\x01\x02"]


@pytest.mark.parametrize("contenu", ILLISIBLES, ids=range(len(ILLISIBLES)))
def test_csv_du_contingent_illisible_une_phrase_francaise(contenu):
    with pytest.raises(ValueError) as e:
        C.lire_fichier_flux(contenu)
    message = str(e.value)
    assert message.startswith("le fichier") and "Error" not in message and "/" not in message


def test_la_page_contingent_montre_la_phrase_sans_rien_ecrire():
    from observatoire.ecrans import navigation
    from tests.conftest import RACINE

    texte = (RACINE / navigation.entree("contingent").chemin).read_text(encoding="utf-8")
    # the page reads the upload inside a try that turns the ValueError into its error list
    assert "except ValueError as e:" in texte and "C.lire_fichier_flux(fichier.getvalue())" in texte


def test_phrase_incident_sans_le_texte_de_l_exception(caplog):
    import logging
    import re

    from observatoire.ecrans import incidents

    try:
        raise OSError("IO Error: /srv/observatoire/data/observatoire.duckdb is not a valid DuckDB database file")
    except OSError as e:
        with caplog.at_level(logging.ERROR, logger="observatoire.ecrans.incidents"):
            phrase = incidents.phrase_incident(e, "pendant la lecture de rpls.csv")
    assert phrase.startswith("Erreur inattendue pendant la lecture de rpls.csv (incident n° ")
    assert "/srv" not in phrase and "OSError" not in phrase and "DuckDB" not in phrase
    numero = re.search(r"incident n° (\S+)\)", phrase).group(1)
    assert any(numero in r.getMessage() and r.exc_info for r in caplog.records)
