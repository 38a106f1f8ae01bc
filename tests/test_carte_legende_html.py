"""The legend beside the map (figures/carte.py legende_html): one row builder for the classes,
the selected commune and the QPV outline; texts escaped."""

from observatoire.figures import carte, couleurs


def test_une_ligne_par_classe_puis_les_contours_demandes():
    limites = [10.0, 20.0]
    classes = carte.legende("parc_social", limites)
    seule = carte.legende_html("parc_social", limites)
    assert seule.count("<div ") == len(classes)
    assert f"background:{classes['couleur'].iloc[0]};border:1px solid {couleurs.BORD_PASTILLE}" in seule
    assert "commune sélectionnée" not in seule and "QPV" not in seule

    complete = carte.legende_html("parc_social", limites, selection=True, qpv=True)
    assert complete.count("<div ") == len(classes) + 2
    assert complete.startswith(seule)
    # outline-only swatches keep their border inside the 22 × 16 box
    assert (
        f"height:16px;border:3px solid {couleurs.CONTOUR};margin-right:8px;flex:none;box-sizing:border-box'></span>"
        "<span style='font-size:0.9em'>commune sélectionnée</span>" in complete
    )
    assert f"border:2px solid {carte.CONTOUR_QPV};margin-right:8px;flex:none;box-sizing:border-box" in complete


def test_textes_echappes():
    ligne = carte._ligne_legende("background:#fff", "moins de 5 <b>")
    assert "moins de 5 &lt;b&gt;" in ligne and "<b>" not in ligne


def test_phrase_table_avec_et_sans_cible():
    for cle, avec_cible in (("parc_social", False), ("objectif_1", True)):
        ind = carte.INDICATEURS[cle]
        assert (ind.cible is not None) == avec_cible
        phrase = carte.phrase_table(ind)
        assert phrase.startswith(f"Les 46 communes : {ind.titre.lower()}, numérateur ({ind.numerateur})")
        assert phrase.endswith(", statut en toutes lettres.")
        assert (f", cible {ind.texte_cible_court}, " in phrase) == avec_cible
