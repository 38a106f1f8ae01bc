"""Générateur de données de démonstration (entièrement inventées, déterministes).

Usage : ``python -m observatoire.chargement.demo [--seed N] [--out DIR]``

Toutes les données produites sont fictives : les noms de bailleurs sont
inventés (suffixe « (fictif) »), les effectifs sont tirés au hasard avec une
graine fixe et calibrés pour ressembler à la Communauté urbaine d'Arras.
Même graine → fichiers identiques à l'octet près (gzip sans horodatage).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import sys
import time
from pathlib import Path

import numpy as np

from observatoire.chargement import sources

DEFAULT_SEED = 2014
PACKAGE_ROOT = Path(__file__).resolve().parents[2]
REFERENCE_DIR = PACKAGE_ROOT / "data" / "reference"
PUBLIQUES_DIR = PACKAGE_ROOT / "data" / "publiques"
# Parc social réel par commune au 1er janvier 2024 (SDES, feuille COMMUNES) : la cible du calage.
PARC_REEL_2024 = "rpls2024_sdes_communes_densite_nbls_vac_mob.csv"
MILLESIME_CALE = 2024
DEFAULT_OUT = PACKAGE_ROOT / "data" / "demo"

MILLESIMES = list(range(2016, 2026))
ANNEES_ATTRIB = list(range(2017, 2026))
ANNEES_PROD = list(range(2014, 2026))
ANNEES_OPS = list(range(2012, 2023, 2))

REG_CODE, DEP_CODE, EPCI_CODE = "32", "62", "200033579"

BAILLEURS = [
    "Habitat Alpha (fictif)",
    "Logis Bêta (fictif)",
    "Foyer Gamma (fictif)",
    "Résidences Delta (fictif)",
    "Toit Epsilon (fictif)",
    "Cité Zêta (fictif)",
]

RESERVATAIRES = ["État", "Action Logement", "CU d'Arras", "Communes", "Bailleur (non réservé)"]
PARTS_RESERVATAIRES = np.array([0.30, 0.20, 0.15, 0.05, 0.30])
# Part de publics prioritaires visée par réservataire : (2017, 2025), interpolée.
PRIORITAIRES_CIBLE = {
    "État": (0.50, 0.55),
    "Action Logement": (0.12, 0.16),
    "CU d'Arras": (0.245, 0.30),
    "Communes": (0.18, 0.22),
    "Bailleur (non réservé)": (0.17, 0.22),
}

QPV_COMMUNES = ["62041", "62004", "62753", "62764"]
ARRAS, ACHICOURT, SLB, STNICOLAS = "62041", "62004", "62753", "62764"

# Communes urbaines et intermédiaires : ordre de grandeur du parc, pour la typologie (urbain si
# ≥ 300) et les poids de production. Les effectifs, eux, sont calés sur le parc réel 2024.
PARC_2016 = {
    ARRAS: 7200,
    ACHICOURT: 990,
    SLB: 930,
    STNICOLAS: 900,
    "62099": 620,  # Beaurains
    "62263": 460,  # Dainville
    "62744": 400,  # Sainte-Catherine
    "62037": 125,  # Anzin-Saint-Aubin
    "62557": 115,  # Marœuil
    "62013": 90,  # Agny
    "62609": 70,  # Neuville-Saint-Vaast
    "62718": 55,  # Rœux
    "62817": 60,  # Tilloy-lès-Mofflaines
    "62073": 50,  # Bailleul-Sir-Berthoult
    "62331": 42,  # Feuchy
    "62323": 38,  # Fampoux
    "62810": 32,  # Thélus
    "62712": 28,  # Rivière
    "62042": 22,  # Athies
    "62589": 18,  # Mont-Saint-Éloi
}
PART_QPV_2016 = {ARRAS: 0.44, ACHICOURT: 0.42, SLB: 0.42, STNICOLAS: 0.48}
# Poids de la production de logements sociaux (financements), hors communes sans parc.
POIDS_LLS = {
    ARRAS: 0.42,
    ACHICOURT: 0.07,
    SLB: 0.08,
    STNICOLAS: 0.05,
    "62099": 0.09,
    "62263": 0.07,
    "62744": 0.06,
}
# Démolitions (renouvellement urbain) : année -> {commune: (min, max)}
DEMOLITIONS = {
    2017: {ARRAS: (40, 60)},
    2019: {STNICOLAS: (25, 40), SLB: (10, 20)},
    2021: {ARRAS: (50, 75)},
    2023: {ARRAS: (30, 45)},
}

INDICATEURS = [
    ("logements_autorises", "sitadel"),
    ("logements_commences", "sitadel"),
    ("lls_plus", "financements"),
    ("lls_plai", "financements"),
    ("lls_pls", "financements"),
    ("ptz_neuf", "ptz"),
    ("ventes_hlm", "bailleurs"),
    ("accession_ancien", "ptz"),
    ("demolitions", "bailleurs"),
]
INDICATEURS_ABSENTS_2025 = ("ptz_neuf", "accession_ancien")

RPLS_COLUMNS = [
    "REG_CODE",
    "DEP_CODE",
    "EPCI_CODE",
    "DEPCOM_CODE",
    "DEPCOM_LIBELLE",
    "QPV_CODE",
    "PLG_QP24",
    "PLG_QP15",
    "TYPECONST_CODE",
    "NBPIECE",
    "SURFHAB",
    "CONSTRUCT",
    "LOCAT",
    "ORIGINE",
    "FINAN_CODE",
    "CONV",
    "NEWLOGT_CODE",
    "DPEDATE",
    "DPEENERGIE",
    "DPESERRE",
    "RS",
    "MODE",
    "BAIL",
    "LOYERPRINC",
    "CONTRESLOG",
    "duree_vacance",
    "id_logement",
]
ATTRIB_COLUMNS = [c for c in sources.ATTRIBUTIONS_COLONNES if c not in sources.ATTRIBUTIONS_FACULTATIVES]
# The demo writes the columns the build reads (sources.py).
OPS_COLUMNS = sources.OPS_COLONNES
FLUX_COLUMNS = sources.CONTINGENT_FLUX_COLONNES
DPE_CLASSES = np.array(list("ABCDEFG"))
# Répartition des logements AVEC DPE (en % des logements), 2016 puis 2025 ; le reste sans DPE.
DPE_2016 = np.array([1.5, 7.0, 23.0, 36.0, 17.0, 4.5, 1.5])
DPE_2025 = np.array([2.5, 9.0, 26.5, 35.5, 13.5, 2.5, 0.5])


# --------------------------------------------------------------------------- utilitaires


def _lire_communes() -> list[tuple[str, str, int]]:
    with open(REFERENCE_DIR / "communes.csv", encoding="utf-8", newline="") as f:
        rows = [(r["code_insee"], r["nom"], int(r["population"])) for r in csv.DictReader(f)]
    rows.sort()
    return rows


def _lire_parc_reel_2024() -> dict[str, int]:
    """nb_ls de chaque commune présente dans la feuille RPLS 2024 du SDES (34 communes)."""
    with open(PUBLIQUES_DIR / PARC_REEL_2024, encoding="utf-8-sig", newline="") as f:
        return {r["DEPCOM_ARM"]: int(r["nb_ls"]) for r in csv.DictReader(f)}


def _lire_qpv_2024() -> list[tuple[str, list[str], int]]:
    with open(REFERENCE_DIR / "qpv.csv", encoding="utf-8", newline="") as f:
        rows = [
            (r["code_qpv"], r["communes_insee"].split("|"), int(r["population"] or 0))
            for r in csv.DictReader(f)
            if r["geographie"] == "2024" and r["code_qpv"]
        ]
    rows.sort()
    return rows


def _largest_remainder(total: int, weights) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    if total <= 0 or w.sum() <= 0:
        return np.zeros(len(w), dtype=int)
    quotas = total * w / w.sum()
    base = np.floor(quotas).astype(int)
    reste = total - base.sum()
    ordre = np.lexsort((np.arange(len(w)), -(quotas - base)))
    base[ordre[:reste]] += 1
    return base


def _exact_flags(rng, n: int, share: float) -> np.ndarray:
    """n booléens dont exactement round(n × share) vrais, placés au hasard."""
    k = int(round(n * share))
    flags = np.zeros(n, dtype=bool)
    if n and k:
        flags[rng.choice(n, size=min(k, n), replace=False)] = True
    return flags


def _ouinon(values: np.ndarray, empty: np.ndarray | None = None) -> np.ndarray:
    out = np.where(values, "oui", "non").astype(object)
    if empty is not None:
        out[empty] = ""
    return out


def _csv_text(header: list[str], columns: list) -> str:
    cols = [list(map(str, c)) if not isinstance(c, list) else c for c in columns]
    lines = [";".join(header)]
    lines.extend(";".join(t) for t in zip(*cols))
    return "\n".join(lines) + "\n"


def _write_text(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def _write_gz(path: Path, text: str) -> Path:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, filename="", compresslevel=6) as gz:
        gz.write(text.encode("utf-8"))
    path.write_bytes(buf.getvalue())
    return path


def _interp(annee: int, a0: int, a1: int, v0: float, v1: float) -> float:
    t = min(max((annee - a0) / (a1 - a0), 0.0), 1.0)
    return v0 + (v1 - v0) * t


def _pct(x: float) -> str:
    return f"{100 * x:.1f} %".replace(".", ",")


# --------------------------------------------------------------------------- générateur


class _Demo:
    def __init__(self, seed: int):
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        communes = _lire_communes()
        self.codes = np.array([c for c, _, _ in communes])
        self.noms = dict((c, n) for c, n, _ in communes)
        self.pop = np.array([p for _, _, p in communes], dtype=float)
        self.idx = {c: i for i, c in enumerate(self.codes)}
        self.nc = len(self.codes)
        self.qpv24 = _lire_qpv_2024()
        # Cible : le parc réel au 1er janvier 2024 ; les communes absentes du fichier RPLS n'ont
        # aucun logement de démonstration (0 en 2024).
        reel = _lire_parc_reel_2024()
        self.cible_2024 = np.array([reel.get(c, 0) for c in self.codes], dtype=int)
        self.sans_parc = {c for c in self.codes if c not in reel}
        ruraux = [i for i in np.argsort(self.pop, kind="stable") if self.codes[i] not in PARC_2016]
        self.petits_ruraux = [self.codes[i] for i in ruraux if self.codes[i] not in self.sans_parc]
        self.prod: dict[str, np.ndarray] = {
            ind: np.zeros((len(ANNEES_PROD), self.nc), dtype=int) for ind, _ in INDICATEURS
        }

    # ---------------------------------------------------------------- production (hors ventes)
    def production(self):
        rng, ny = self.rng, len(ANNEES_PROD)
        yi = {a: i for i, a in enumerate(ANNEES_PROD)}
        urb = np.array([1.0 if c in PARC_2016 and PARC_2016[c] >= 300 else 0.55 for c in self.codes])
        # logements autorisés : < 550 la plupart des années, 2 années au-dessus
        tot_aut = rng.integers(340, 535, size=ny)
        hauts = rng.choice(np.arange(1, ny - 1), size=2, replace=False)
        tot_aut[hauts] = rng.integers(556, 600, size=2)
        w_aut = self.pop * urb
        w_aut[self.idx[ARRAS]] *= 1.15
        aut = np.array([rng.multinomial(t, w_aut / w_aut.sum()) for t in tot_aut])
        # chaque commune reçoit au moins une autorisation sur la période
        arras = self.idx[ARRAS]
        for j in np.flatnonzero(aut.sum(axis=0) == 0):
            y = int(rng.integers(0, ny))
            aut[y, j] += 1
            aut[y, arras] -= 1
        self.prod["logements_autorises"][:] = aut
        # logements commencés : 75-90 % des autorisés de l'année précédente
        prev = np.vstack([rng.multinomial(int(tot_aut[0]), w_aut / w_aut.sum())[None, :], aut[:-1]])
        taux = rng.uniform(0.75, 0.90, size=(ny, 1))
        self.prod["logements_commences"][:] = rng.binomial(prev, np.broadcast_to(taux, prev.shape))
        # logements sociaux financés (PLUS + PLAI), PLS
        w_lls = np.zeros(self.nc)
        for c, w in POIDS_LLS.items():
            w_lls[self.idx[c]] = w
        mids = [c for c in PARC_2016 if c not in POIDS_LLS]
        pm = np.array([self.pop[self.idx[c]] for c in mids])
        for c, p in zip(mids, pm):
            w_lls[self.idx[c]] = 0.14 * p / pm.sum()
        for c in self.petits_ruraux:
            w_lls[self.idx[c]] = 0.01 / len(self.petits_ruraux)
        tot_lls = rng.integers(118, 199, size=ny)
        tot_lls[rng.choice(ny, size=2, replace=False)] = rng.integers(201, 215, size=2)
        plai_tot = np.rint(tot_lls * rng.uniform(0.26, 0.34, size=ny)).astype(int)
        lls = np.array([rng.multinomial(t, w_lls / w_lls.sum()) for t in tot_lls])
        plai = np.array([rng.multivariate_hypergeometric(lls[i], plai_tot[i]) for i in range(ny)])
        self.prod["lls_plai"][:] = plai
        self.prod["lls_plus"][:] = lls - plai
        w_pls = np.zeros(self.nc)
        for c, w in POIDS_LLS.items():
            w_pls[self.idx[c]] = w
        w_pls[arras] *= 2
        tot_pls = rng.integers(3, 16, size=ny)
        self.prod["lls_pls"][:] = np.array([rng.multinomial(t, w_pls / w_pls.sum()) for t in tot_pls])
        # PTZ neuf : creux 2018-2019 (réforme du PTZ), jamais 2025 (statistique en retard)
        ptz_base = {
            2014: 95,
            2015: 112,
            2016: 128,
            2017: 146,
            2018: 68,
            2019: 57,
            2020: 84,
            2021: 102,
            2022: 118,
            2023: 79,
            2024: 88,
        }
        w_ptz = self.pop * np.where(self.codes == ARRAS, 0.5, 1.0)
        acc_w = self.pop * np.where(self.codes == ARRAS, 0.8, 1.0)
        for a, base in ptz_base.items():
            t = int(np.clip(base + rng.integers(-6, 7), 50, 150))
            self.prod["ptz_neuf"][yi[a]] = rng.multinomial(t, w_ptz / w_ptz.sum())
            t = int(rng.integers(10, 36))
            self.prod["accession_ancien"][yi[a]] = rng.multinomial(t, acc_w / acc_w.sum())
        # démolitions (années de renouvellement urbain)
        for a, d in DEMOLITIONS.items():
            for c, (lo, hi) in d.items():
                self.prod["demolitions"][yi[a], self.idx[c]] = int(rng.integers(lo, hi + 1))
        self.ventes_tot = rng.integers(10, 41, size=ny)
        self._plafonner_entrees()

    def _plafonner_entrees(self):
        """Une commune ne reçoit pas, de 2017 à 2024, plus de mises en service que la moitié de son
        parc réel de 2024 (aucune sans parc réel) : le reste va à Arras, même année, même
        financement. Sinon le parc de 2016 calé sur le réel serait négatif."""
        yi = {a: i for i, a in enumerate(ANNEES_PROD)}
        annees = [yi[v - 3] for v in MILLESIMES[1:] if v <= MILLESIME_CALE]
        arras = self.idx[ARRAS]
        for j in range(self.nc):
            if j == arras:
                continue
            plafond = self.cible_2024[j] // 2
            for i in reversed(annees):  # the latest financings go first
                for ind in ("lls_pls", "lls_plus", "lls_plai"):
                    total = sum(int(self.prod[k][annees, j].sum()) for k in ("lls_plus", "lls_plai", "lls_pls"))
                    exces = min(total - plafond, int(self.prod[ind][i, j]))
                    if exces > 0:
                        self.prod[ind][i, j] -= exces
                        self.prod[ind][i, arras] += exces

    # ---------------------------------------------------------------- parc (logements)
    def parc(self):
        rng = self.rng
        yi = {a: i for i, a in enumerate(ANNEES_PROD)}
        # --- effectifs initiaux (stock 2016)
        # 2016 = 2024 réel − entrées 2017-2024 + démolitions 2016-2023 + une marge pour les ventes
        # (tirées plus loin) ; _caler_2024 retire ou duplique ensuite l'écart exact.
        fenetre = [yi[a] for a in range(MILLESIMES[0], MILLESIME_CALE)]
        entrees = sum(
            self.prod[k][[yi[v - 3] for v in MILLESIMES[1:] if v <= MILLESIME_CALE]].sum(axis=0)
            for k in ("lls_plus", "lls_plai", "lls_pls")
        )
        demol = self.prod["demolitions"][fenetre].sum(axis=0)
        marge = np.where(self.cible_2024 > 0, np.ceil(0.06 * self.cible_2024).astype(int) + 2, 0)
        init = np.maximum(self.cible_2024 - entrees + demol, 0) + marge
        counts = {self.codes[j]: int(init[j]) for j in np.flatnonzero(init)}
        init_commune = np.concatenate([np.full(n, self.idx[c]) for c, n in sorted(counts.items())])
        n0 = len(init_commune)
        # --- entrées : financés l'année N-3, mis en service en N-1, présents au 1/1/N
        ent_commune, ent_vint, ent_fin = [], [], []
        for v in MILLESIMES[1:]:
            i = yi[v - 3]
            for ind, fin in (("lls_plus", "PLUS"), ("lls_plai", "PLAI"), ("lls_pls", "PLS")):
                cnt = self.prod[ind][i]
                ent_commune.append(np.repeat(np.arange(self.nc), cnt))
                ent_vint.append(np.full(cnt.sum(), v))
                ent_fin.append(np.full(cnt.sum(), fin, dtype=object))
        ent_commune = np.concatenate(ent_commune)
        ne = len(ent_commune)
        n = n0 + ne
        commune = np.concatenate([init_commune, ent_commune]).astype(int)
        entree = np.concatenate([np.full(n0, 2016), np.concatenate(ent_vint)])
        nouveau = np.arange(n) >= n0
        codes = self.codes[commune]

        # --- QPV
        en_qpv = np.zeros(n, dtype=bool)
        code_qpv = np.full(n, "", dtype=object)
        for c, share in PART_QPV_2016.items():
            m_old = (~nouveau) & (codes == c)
            en_qpv[m_old] = rng.random(m_old.sum()) < share * rng.uniform(0.98, 1.02)
            m_new = nouveau & (codes == c)
            en_qpv[m_new] = rng.random(m_new.sum()) < 0.10
            cand = [(q, pop / len(cs)) for q, cs, pop in self.qpv24 if c in cs]
            qs = np.array([q for q, _ in cand], dtype=object)
            wq = np.array([w for _, w in cand], dtype=float)
            m = en_qpv & (codes == c)
            code_qpv[m] = rng.choice(qs, size=m.sum(), p=wq / wq.sum())

        # --- typologie
        urbain = np.isin(codes, [c for c, k in PARC_2016.items() if k >= 300])
        p_ind = np.where(en_qpv, 0.03, np.where(codes == ARRAS, 0.10, np.where(urbain, 0.35, 0.75)))
        u = rng.random(n)
        typ = np.where(u < p_ind, "I", "C").astype(object)
        typ[(codes == ARRAS) & (typ == "C") & (rng.random(n) < 0.012)] = "E"
        p_coll = np.array([0.08, 0.22, 0.36, 0.25, 0.08, 0.01])
        p_indv = np.array([0.00, 0.06, 0.30, 0.40, 0.20, 0.04])
        pieces = np.where(
            typ == "I",
            rng.choice(np.arange(1, 7), size=n, p=p_indv),
            rng.choice(np.arange(1, 7), size=n, p=p_coll),
        )
        pieces[typ == "E"] = 1
        surf_moy = np.array([0, 29, 47, 65, 79, 92, 106])
        surf = np.clip(surf_moy[pieces] + rng.normal(0, 6, n), 20, 130)
        surf = np.round(surf, 1)

        # --- dates et origine
        locat = np.empty(n, dtype=int)
        construct = np.empty(n, dtype=int)
        periode = rng.choice(5, size=n0, p=[0.10, 0.38, 0.22, 0.14, 0.16])
        bornes = np.array([[1950, 1959], [1960, 1976], [1977, 1990], [1991, 2003], [2004, 2015]])
        construct[:n0] = rng.integers(bornes[periode, 0], bornes[periode, 1] + 1)
        construct[:n0][en_qpv[:n0]] = rng.integers(1958, 1978, size=en_qpv[:n0].sum())
        locat[:n0] = np.minimum(construct[:n0] + rng.integers(0, 3, size=n0), 2015)
        # garantit environ 150 mises en service en 2015 (NEWLOGT = 1 dans le millésime 2016)
        recents = np.flatnonzero(~en_qpv[:n0] & (construct[:n0] >= 2012))
        sel = rng.choice(recents, size=min(150, len(recents)), replace=False)
        autres_2015 = np.setdiff1d(np.flatnonzero(locat[:n0] == 2015), sel)
        locat[autres_2015] = 2014
        construct[autres_2015] = np.minimum(construct[autres_2015], 2014)
        construct[sel] = rng.integers(2013, 2016, size=len(sel))
        locat[sel] = 2015
        origine = np.empty(n, dtype=int)
        origine[:n0] = rng.choice([1, 2, 3, 4], size=n0, p=[0.86, 0.07, 0.04, 0.03])
        origine[:n0][construct[:n0] >= 2005] = rng.choice(
            [1, 2, 4], size=(construct[:n0] >= 2005).sum(), p=[0.55, 0.10, 0.35]
        )
        locat[n0:] = entree[n0:] - 1
        entree[:n0] = locat[:n0] + 1  # le parc initial est entré au plus tard au millésime 2016
        origine[n0:] = rng.choice([1, 2, 3, 4], size=ne, p=[0.55, 0.10, 0.03, 0.32])
        construct[n0:] = locat[n0:]
        acq = nouveau & np.isin(origine, [2, 3])
        construct[acq] = rng.integers(1950, 1990, size=acq.sum())
        # les locaux acquis gardent leur année de construction ancienne
        acq_old = (~nouveau) & np.isin(origine, [2, 3])
        construct[acq_old] = np.minimum(construct[acq_old], locat[acq_old] - rng.integers(5, 60, size=acq_old.sum()))
        construct = np.maximum(construct, 1950)

        # --- financement
        finan = np.empty(n, dtype=object)
        cy = construct.copy()
        cy[np.isin(origine, [2, 3])] = locat[np.isin(origine, [2, 3])]
        r = rng.random(n)
        avant77 = rng.choice(
            ["50", "51", "52", "53", "54", "55", "99"], size=n, p=[0.04, 0.06, 0.62, 0.08, 0.04, 0.06, 0.10]
        )
        f77 = np.where(r < 0.80, "12", np.where(r < 0.90, "16", np.where(r < 0.95, "49", "14")))
        f91 = np.where(r < 0.72, "12", np.where(r < 0.85, "10", np.where(r < 0.93, "14", "11")))
        f00 = np.where(r < 0.70, "13", np.where(r < 0.80, "10", np.where(r < 0.90, "11", "14")))
        finan[:] = np.where(cy < 1977, avant77, np.where(cy < 1991, f77, np.where(cy < 2000, f91, f00)))
        fin_new = np.concatenate(ent_fin)
        finan[n0:] = np.where(
            fin_new == "PLUS", "13", np.where(fin_new == "PLS", "14", np.where(rng.random(ne) < 0.8, "10", "11"))
        )
        categorie = np.where(np.isin(finan, ["10", "11"]), "PLAI", np.where(finan == "14", "PLS", "PLUS"))

        # --- bailleur, contingent, loyers
        # bailleur dominant (≈ 45 % du parc), plus présent encore en QPV
        p_b = np.tile(np.array([0.40, 0.22, 0.145, 0.11, 0.075, 0.05]), (n, 1))
        p_b[en_qpv] = np.array([0.58, 0.16, 0.10, 0.08, 0.05, 0.03])
        cum = p_b.cumsum(axis=1)
        bail_idx = (rng.random(n)[:, None] > cum).sum(axis=1)
        bail_idx = np.minimum(bail_idx, len(BAILLEURS) - 1)
        contres = rng.choice([1, 2, 3, 4, 5, 6, 7], size=n, p=[0.015, 0.25, 0.20, 0.10, 0.02, 0.015, 0.40])
        eur_m2 = np.where(
            categorie == "PLAI",
            rng.uniform(4.95, 5.45, n),
            np.where(
                categorie == "PLS",
                rng.uniform(6.35, 6.85, n),
                np.where(cy < 1977, rng.uniform(5.15, 5.75, n), rng.uniform(5.55, 6.25, n)),
            ),
        )

        self.n, self.n0 = n, n0
        self.d = dict(
            commune=commune,
            codes=codes,
            entree=entree,
            en_qpv=en_qpv,
            code_qpv=code_qpv,
            typ=typ,
            pieces=pieces,
            surf=surf,
            construct=construct,
            locat=locat,
            origine=origine,
            finan=finan,
            categorie=categorie,
            bail_idx=bail_idx,
            contres=contres,
            eur_m2=eur_m2,
            nouveau=nouveau,
        )
        self._sorties()
        self._caler_2024()

    def _caler_2024(self):
        """Parc de chaque commune au 1er janvier 2024 = parc réel (SDES). L'écart est pris sur des
        logements du parc initial qui ne sortent jamais : retirés (ils n'existent dans aucun
        millésime) ou dupliqués (un logement de plus dans tous les millésimes). Entrées, ventes et
        démolitions ne changent pas : les flux restent exacts."""
        rng, d = self.rng, self.d
        present = (d["entree"] <= MILLESIME_CALE) & (d["sortie"] > MILLESIME_CALE)
        ecart = np.bincount(d["commune"][present], minlength=self.nc) - self.cible_2024
        initiaux = (np.arange(self.n) < self.n0) & (d["sortie"] == 9999)
        retires, doubles = [], []
        for j in np.flatnonzero(ecart):
            cand = np.flatnonzero(initiaux & (d["commune"] == j))
            k = int(abs(ecart[j]))
            if len(cand) == 0 or (ecart[j] > 0 and len(cand) < k):
                raise RuntimeError(f"calage 2024 impossible pour {self.codes[j]} (écart {ecart[j]})")
            if ecart[j] > 0:
                retires.append(rng.choice(cand, size=k, replace=False))
            else:
                doubles.append(rng.choice(cand, size=k, replace=True))
        garde = np.ones(self.n, dtype=bool)
        if retires:
            garde[np.concatenate(retires)] = False
        ordre = np.concatenate(
            [np.flatnonzero(garde[: self.n0]), *doubles, self.n0 + np.flatnonzero(garde[self.n0 :])]
        ).astype(int)
        n0 = int(garde[: self.n0].sum()) + sum(len(x) for x in doubles)
        for cle in list(d):
            d[cle] = d[cle][ordre]
        self.n, self.n0 = len(ordre), n0
        d["nouveau"] = np.arange(self.n) >= n0
        present = (d["entree"] <= MILLESIME_CALE) & (d["sortie"] > MILLESIME_CALE)
        assert (np.bincount(d["commune"][present], minlength=self.nc) == self.cible_2024).all()

    def _sorties(self):
        """Ventes et démolitions : présent au millésime N, absent en N+1 = sorti pendant N."""
        rng, d = self.rng, self.d
        yi = {a: i for i, a in enumerate(ANNEES_PROD)}
        sortie = np.full(self.n, 9999)
        for a in ANNEES_PROD:
            i = yi[a]
            if a in MILLESIMES[:-1]:
                present = (d["entree"] <= a) & (sortie > a)
                # démolitions : logements collectifs anciens en QPV de la commune
                for j in np.flatnonzero(self.prod["demolitions"][i]):
                    k = self.prod["demolitions"][i, j]
                    cand = np.flatnonzero(present & d["en_qpv"] & (d["commune"] == j) & (d["typ"] == "C"))
                    cand = cand[np.argsort(d["construct"][cand], kind="stable")][: max(4 * k, 1)]
                    sortie[rng.choice(cand, size=k, replace=False)] = a + 1
                present = (d["entree"] <= a) & (sortie > a)
                # ventes : hors QPV, plutôt individuels, logements de plus de 10 ans
                cand = np.flatnonzero(present & ~d["en_qpv"] & (d["locat"] < a - 10))
                w = np.where(d["typ"][cand] == "I", 5.0, 1.0)
                k = int(self.ventes_tot[i])
                vendus = rng.choice(cand, size=k, replace=False, p=w / w.sum())
                sortie[vendus] = a + 1
                self.prod["ventes_hlm"][i] = np.bincount(d["commune"][vendus], minlength=self.nc)
            else:
                ref = MILLESIMES[0] if a < MILLESIMES[0] else MILLESIMES[-1]
                present = (d["entree"] <= ref) & (sortie > ref)
                w = np.bincount(d["commune"][present & ~d["en_qpv"] & (d["typ"] == "I")], minlength=self.nc) * 5.0
                w += np.bincount(d["commune"][present & ~d["en_qpv"]], minlength=self.nc)
                self.prod["ventes_hlm"][i] = rng.multinomial(int(self.ventes_tot[i]), w / w.sum())
        d["sortie"] = sortie

    # ---------------------------------------------------------------- millésimes RPLS
    def rpls(self, out_dir: Path) -> list[Path]:
        rng, d, n = self.rng, self.d, self.n
        paths = []
        self.vintages = {}
        # états persistants
        u_dpe = rng.random(n)
        u_dpe[d["construct"] >= 2012] *= 0.30  # logements récents : A à C
        ges_off = rng.choice([-1, 0, 0, 1], size=n)
        v_dpe = rng.random(n)  # sans DPE si v_dpe < part sans DPE de l'année
        dpe_an = rng.integers(2009, 2016, size=n)
        dpe_mois = rng.integers(1, 13, size=n)
        recent = d["locat"] >= 2009
        dpe_an[recent] = np.maximum(dpe_an[recent], d["locat"][recent])
        prev_cls = np.full(n, -1)
        prev_has = np.zeros(n, dtype=bool)
        bail_an = np.zeros(n, dtype=int)
        bail_mois = rng.integers(1, 13, size=n)
        codes_str = d["codes"].astype(object)
        libelles = np.array([self.noms[c] for c in d["codes"]], dtype=object)
        static = {
            "QPV_CODE": np.where(d["en_qpv"], "1", "2").astype(object),
            "PLG_QP24": d["code_qpv"],
            "TYPECONST_CODE": d["typ"],
            "NBPIECE": d["pieces"].astype(str).astype(object),
            "SURFHAB": np.array([f"{x:.1f}" for x in d["surf"]], dtype=object),
            "CONSTRUCT": d["construct"].astype(str).astype(object),
            "LOCAT": d["locat"].astype(str).astype(object),
            "ORIGINE": d["origine"].astype(str).astype(object),
            "FINAN_CODE": d["finan"],
            "RS": np.array(BAILLEURS, dtype=object)[d["bail_idx"]],
            "CONTRESLOG": d["contres"].astype(str).astype(object),
            "id_logement": np.array([f"D{i:06d}" for i in range(1, n + 1)], dtype=object),
        }
        for t, v in enumerate(MILLESIMES):
            present = (d["entree"] <= v) & (d["sortie"] > v)
            entrants = present & (d["entree"] == v)
            # --- DPE (s'améliore au fil des millésimes)
            probs = _interp(v, 2016, 2025, 0, 1) * (DPE_2025 - DPE_2016) + DPE_2016
            p_sans = 1 - probs.sum() / 100
            cuts = np.cumsum(probs) / probs.sum()
            cls = np.minimum(np.searchsorted(cuts, u_dpe, side="right"), 6)
            has = v_dpe >= p_sans
            change = present & has & (~prev_has | (cls != prev_cls)) & (t > 0) & ~entrants
            dpe_an[change] = v - 1
            dpe_mois[change] = rng.integers(1, 13, size=change.sum())
            prev_cls, prev_has = cls, has
            ges = np.clip(cls + ges_off, 0, 6)
            # --- occupation
            mode = rng.choice([1, 2, 3, 4, 5, 9], size=n, p=[0.9605, 0.025, 0.010, 0.002, 0.0015, 0.001])
            mode[entrants & (mode != 1)] = 1
            # --- baux : environ 10 % des baux ont commencé en N-1
            taux_mob = rng.uniform(0.095, 0.112)
            if t == 0:
                k = rng.geometric(0.105, size=n) - 1
                bail_an[:] = np.maximum(v - 1 - k, d["locat"])
            else:
                mob = rng.random(n) < taux_mob
                bail_an[mob] = v - 1
                bail_mois[mob] = rng.integers(1, 13, size=mob.sum())
            bail_an[entrants] = v - 1
            loue = mode == 1
            loyer = d["surf"] * d["eur_m2"] * (1.007 ** (v - 2016))
            vac = np.where(rng.random(n) < 0.5, rng.integers(1, 4, size=n), rng.integers(4, 25, size=n))
            idx = np.flatnonzero(present)
            idx = idx[np.lexsort((idx, d["codes"][idx]))]
            self.vintages[v] = dict(
                idx=idx,
                mode=mode[idx].copy(),
                bail_an=bail_an[idx].copy(),
                cls=np.where(has, cls, -1)[idx],
                vac3=(mode == 2)[idx] & (vac[idx] > 3),
            )
            cols = {
                "REG_CODE": [REG_CODE] * len(idx),
                "DEP_CODE": [DEP_CODE] * len(idx),
                "EPCI_CODE": [EPCI_CODE] * len(idx),
                "DEPCOM_CODE": list(codes_str[idx]),
                "DEPCOM_LIBELLE": list(libelles[idx]),
                "PLG_QP15": [""] * len(idx),
                "CONV": ["1"] * len(idx),
                "NEWLOGT_CODE": list(np.where(entrants[idx], "1", "2")),
                "DPEDATE": [f"{m:02d}/{a}" if h else "" for m, a, h in zip(dpe_mois[idx], dpe_an[idx], has[idx])],
                "DPEENERGIE": list(np.where(has[idx], DPE_CLASSES[cls[idx]], "")),
                "DPESERRE": list(np.where(has[idx], DPE_CLASSES[ges[idx]], "")),
                "MODE": list(mode[idx].astype(str)),
                "BAIL": [f"{m:02d}/{a}" if l else "" for m, a, l in zip(bail_mois[idx], bail_an[idx], loue[idx])],
                "LOYERPRINC": [f"{x:.2f}" if l else "9999" for x, l in zip(loyer[idx], loue[idx])],
                "duree_vacance": [str(x) if m == 2 else "" for x, m in zip(vac[idx], mode[idx])],
            }
            for k2, arr in static.items():
                cols[k2] = list(arr[idx])
            header = list(RPLS_COLUMNS)
            if v >= 2025:
                header[3] = "DEPCOM"
            text = _csv_text(header, [cols[c] for c in RPLS_COLUMNS])
            paths.append(_write_gz(out_dir / f"rpls_{v}.csv.gz", text))
        return paths

    # ---------------------------------------------------------------- attributions
    def attributions(self, out_dir: Path) -> list[Path]:
        rng, d = self.rng, self.d
        seuils = {a: round(7600 + 225 * (a - 2017) + float(rng.normal(0, 35)), 1) for a in ANNEES_ATTRIB}
        seuils[2017], seuils[2025] = (
            round(7600 + float(rng.normal(0, 20)), 1),
            round(9400 + float(rng.normal(0, 20)), 1),
        )
        self.seuils = seuils
        rows = []
        stats = {}
        for a in ANNEES_ATTRIB:
            nb = int(rng.integers(1240, 1375))
            idx = self.vintages[a]["idx"]
            w = np.where(d["en_qpv"][idx], 1.2, 1.0)
            lg = rng.choice(idx, size=nb, replace=True, p=w / w.sum())
            qpv = d["en_qpv"][lg]
            jours = 366 if a % 4 == 0 else 365
            dates = np.datetime64(f"{a}-01-01") + rng.integers(0, jours, size=nb)
            res = rng.choice(len(RESERVATAIRES), size=nb, p=PARTS_RESERVATAIRES)
            refus = rng.random(nb) < rng.uniform(0.10, 0.14)
            bail = ~refus & (rng.random(nb) >= 0.02)
            mutation = rng.random(nb) < rng.uniform(0.15, 0.20)
            p_anru = 0.03 if a >= 2019 else 0.004
            anru = rng.random(nb) < p_anru
            # objectif 1 : hors QPV, baux signés, part (Q1 ou ANRU) visée
            cible1 = _interp(a, 2017, 2025, 0.145, 0.195) + float(rng.normal(0, 0.006))
            q1 = np.zeros(nb, dtype=bool)
            for grp in (~qpv & bail, ~qpv & ~bail):
                g = np.flatnonzero(grp)
                k = int(round(len(g) * cible1)) - int(anru[g].sum())
                libres = g[~anru[g]]
                if k > 0 and len(libres):
                    q1[rng.choice(libres, size=min(k, len(libres)), replace=False)] = True
                dedans = g[anru[g]]
                q1[dedans] = rng.random(len(dedans)) < 0.35
            # objectif 2 : en QPV, part hors 1er quartile visée
            cible2 = _interp(a, 2017, 2025, 0.55, 0.61) + float(rng.normal(0, 0.01))
            g = np.flatnonzero(qpv)
            q1[g] = ~_exact_flags(rng, len(g), cible2)
            # objectif 3 : prioritaires par réservataire
            prio = np.zeros(nb, dtype=bool)
            for r_i, r_nom in enumerate(RESERVATAIRES):
                g = np.flatnonzero(res == r_i)
                lo, hi = PRIORITAIRES_CIBLE[r_nom]
                prio[g] = _exact_flags(rng, len(g), _interp(a, 2017, 2025, lo, hi) + float(rng.normal(0, 0.006)))
            # non renseignés (~1,5 %), choisis pour ne pas déplacer les indicateurs
            vide_prio = np.zeros(nb, dtype=bool)
            cand = np.flatnonzero(~prio)
            vide_prio[rng.choice(cand, size=int(round(0.015 * nb)), replace=False)] = True
            vide_q1 = np.zeros(nb, dtype=bool)
            ress = np.full(nb, np.nan)
            if a <= 2018:
                vide_q1[:] = True
                ress = np.where(q1, seuils[a] * rng.uniform(0.30, 0.98, nb), seuils[a] * rng.uniform(1.02, 3.2, nb))
            else:
                cand = np.flatnonzero((~qpv & ~q1 & ~anru) | (qpv & q1))
                vide_q1[rng.choice(cand, size=int(round(0.015 * nb)), replace=False)] = True
            stats[a] = dict(
                nb=nb, qpv=qpv, q1=q1, anru=anru, bail=bail, res=res, prio=prio, refus=refus, mutation=mutation
            )
            code_qpv = np.where(qpv & (a >= 2024), d["code_qpv"][lg], "")
            order = np.lexsort((np.arange(nb), d["codes"][lg], dates))
            cols = [
                [str(a)] * nb,
                list(dates.astype(str)),
                list(d["codes"][lg]),
                list(np.array(BAILLEURS, dtype=object)[d["bail_idx"][lg]]),
                list(np.array(RESERVATAIRES, dtype=object)[res]),
                list(_ouinon(qpv)),
                list(code_qpv),
                [("2024" if a >= 2024 else "2015")] * nb,
                list(_ouinon(q1, vide_q1)),
                ["" if np.isnan(x) else f"{x:.1f}" for x in ress],
                list(_ouinon(prio, vide_prio)),
                list(_ouinon(anru)),
                list(_ouinon(bail)),
                list(_ouinon(refus)),
                list(_ouinon(mutation)),
                list(_ouinon(res == RESERVATAIRES.index("CU d'Arras"))),
            ]
            rows.extend(zip(*[[c[i] for i in order] for c in cols]))
        self.attrib_stats = stats
        text = ";".join(ATTRIB_COLUMNS) + "\n" + "".join(";".join(r) + "\n" for r in rows)
        p1 = _write_text(out_dir / "attributions.csv", text)
        s_text = "annee;seuil_euros_uc\n" + "".join(f"{a};{seuils[a]:.1f}\n" for a in ANNEES_ATTRIB)
        p2 = _write_text(out_dir / "seuils_premier_quartile.csv", s_text)
        return [p1, p2]

    # ---------------------------------------------------------------- OPS
    def ops(self, out_dir: Path) -> Path:
        rng, d = self.rng, self.d
        lines = []
        for a in ANNEES_OPS:
            v = max(a, MILLESIMES[0])
            vin = self.vintages[v]
            idx = vin["idx"][vin["mode"] == 1]
            echelle = 1 - 0.012 * (v - a)
            for qpv_flag in (False, True):
                m = d["en_qpv"][idx] == qpv_flag
                cnt = np.bincount(d["commune"][idx[m]], minlength=self.nc)
                for j in np.flatnonzero(cnt):
                    men = int(rng.binomial(int(round(cnt[j] * echelle)), rng.uniform(0.88, 0.92)))
                    if qpv_flag:
                        p_res = [0.22, 0.26, 0.25, 0.17, 0.03]
                        p_typ = [0.38, 0.25, 0.11, 0.20]
                        p_apl, p_gf, p_30, p_65, p_rec = 0.59, 0.26, 0.10, 0.19, 0.27
                    else:
                        p_res = [0.13, 0.20, 0.23, 0.28, 0.06]
                        p_typ = [0.41, 0.19, 0.15, 0.19]
                        p_apl, p_gf, p_30, p_65, p_rec = 0.51, 0.16, 0.09, 0.26, 0.25
                    bands = rng.multinomial(men, p_res + [1 - sum(p_res)])[:5]
                    types = rng.multinomial(men, p_typ + [1 - sum(p_typ)])[:4]
                    gf = rng.binomial(int(types[1] + types[3]), p_gf)
                    vals = [
                        a,
                        self.codes[j],
                        "oui" if qpv_flag else "non",
                        men,
                        *bands,
                        rng.binomial(men, p_apl),
                        *types,
                        gf,
                        rng.binomial(men, p_30),
                        rng.binomial(men, p_65),
                        rng.binomial(men, p_rec),
                    ]
                    lines.append((a, self.codes[j], qpv_flag, ";".join(str(x) for x in vals)))
        lines.sort(key=lambda t: (t[0], t[1], t[2]))
        text = ";".join(OPS_COLUMNS) + "\n" + "".join(t[3] + "\n" for t in lines)
        return _write_text(out_dir / "ops.csv", text)

    # ---------------------------------------------------------------- production (écriture)
    def write_production(self, out_dir: Path) -> Path:
        out = ["annee;code_insee;indicateur;valeur;source"]
        for i, a in enumerate(ANNEES_PROD):
            for j, c in enumerate(self.codes):
                for ind, src in INDICATEURS:
                    if a == 2025 and ind in INDICATEURS_ABSENTS_2025:
                        continue
                    out.append(f"{a};{c};{ind};{int(self.prod[ind][i, j])};{src}")
        return _write_text(out_dir / "production.csv", "\n".join(out) + "\n")

    # ---------------------------------------------------------------- objectifs communaux
    def objectifs(self, out_dir: Path) -> Path:
        sans_obj = [self.codes[i] for i in np.argsort(self.pop, kind="stable")[:4]]
        self.sans_objectif = sans_obj
        garde = np.array([c not in sans_obj for c in self.codes])
        urb = np.array([1.0 if c in PARC_2016 and PARC_2016[c] >= 300 else 0.6 for c in self.codes])
        w_log = self.pop * urb
        w_lls = self.pop * np.where(urb == 1.0, 1.0, 0.35)
        w_lls[self.idx[ARRAS]] *= 1.2
        w_acc = self.pop * np.where(self.codes == ARRAS, 0.6, 1.0)
        out = ["plh;code_insee;indicateur;objectif_annuel;objectif_periode"]
        rows = []
        for ind, total, w in (("logements", 550, w_log), ("lls", 200, w_lls), ("accession_aidee", 140, w_acc)):
            vals = np.zeros(self.nc, dtype=int)
            vals[garde] = _largest_remainder(total, w[garde])
            for j in np.flatnonzero(garde):
                rows.append((self.codes[j], ind, int(vals[j])))
        rows.sort()
        out += [f"PLH 2014-2020;{c};{ind};{v};{6 * v}" for c, ind, v in rows]
        return _write_text(out_dir / "objectifs_communes.csv", "\n".join(out) + "\n")

    # ---------------------------------------------------------------- gestion en flux
    def flux(self, out_dir: Path) -> Path:
        rng, d = self.rng, self.d
        out = [";".join(FLUX_COLUMNS)]
        self.flux_tot = {}
        for a in (2024, 2025):
            vin = self.vintages[a]
            parc_b = np.bincount(d["bail_idx"][vin["idx"]], minlength=len(BAILLEURS))
            mel = _largest_remainder(int(rng.integers(1160, 1245)), parc_b)
            if a + 1 in self.vintages:
                v1 = self.vintages[a + 1]["idx"]
                prem = np.bincount(d["bail_idx"][v1[d["entree"][v1] == a + 1]], minlength=len(BAILLEURS))
            else:
                i = ANNEES_PROD.index(a - 2)
                tot = sum(int(self.prod[k][i].sum()) for k in ("lls_plus", "lls_plai", "lls_pls"))
                prem = _largest_remainder(tot, parc_b)
            mut = rng.binomial(mel, rng.uniform(0.20, 0.27))
            npnru = rng.binomial(mel, np.where(np.arange(len(BAILLEURS)) == 0, 0.018, 0.004))
            lhi = rng.binomial(mel, 0.005)
            ventes = rng.binomial(mel, 0.0015)
            self.flux_tot[a] = (int(mel.sum()), int(mut.sum()))
            for b in range(len(BAILLEURS)):
                out.append(
                    ";".join(str(x) for x in (a, BAILLEURS[b], mel[b], prem[b], mut[b], npnru[b], lhi[b], ventes[b]))
                )
        return _write_text(out_dir / "contingent_flux.csv", "\n".join(out) + "\n")

    # ---------------------------------------------------------------- README
    def readme(self, out_dir: Path) -> Path:
        d = self.d
        L = []
        stock = {v: len(self.vintages[v]["idx"]) for v in MILLESIMES}
        v25 = self.vintages[2025]["idx"]
        par_commune = np.bincount(d["commune"][v25], minlength=self.nc)
        qpv4 = np.isin(d["codes"][v25], QPV_COMMUNES)
        part_qpv4 = d["en_qpv"][v25][qpv4].mean()
        nb_sans = int((par_commune == 0).sum())
        L.append(
            "| millésime | logements | dont en QPV | nouveaux (NEWLOGT=1) | taux de vacance > 3 mois | taux de mobilité | DPE E-F-G |"
        )
        L.append("|---|---|---|---|---|---|---|")
        for v in MILLESIMES:
            vin = self.vintages[v]
            idx = vin["idx"]
            mode, ban = vin["mode"], vin["bail_an"]
            ancien = d["locat"][idx] < v - 1
            base_mob = ancien & np.isin(mode, [1, 2])
            mob = (base_mob & (mode == 1) & (ban == v - 1)).sum() / base_mob.sum()
            vac = (mode == 2).sum() / np.isin(mode, [1, 2]).sum()
            vac3 = vin["vac3"].sum() / np.isin(mode, [1, 2]).sum()
            efg = np.isin(vin["cls"], [4, 5, 6]).mean()
            L.append(
                f"| {v} | {stock[v]} | {int(d['en_qpv'][idx].sum())} | {int((d['entree'][idx] == v).sum())} | "
                f"{_pct(vac3)} (vacance totale {_pct(vac)}) | {_pct(mob)} | {_pct(efg)} |"
            )
        tab_stock = "\n".join(L)
        ordre = np.argsort(-par_commune, kind="stable")[:10]
        top = "\n".join(
            f"| {self.noms[self.codes[j]]} ({self.codes[j]}) | {par_commune[j]} | {_pct(par_commune[j] / len(v25))} |"
            for j in ordre
        )
        # attributions
        A = [
            "| année | attributions | en QPV | obj. 1 (hors QPV, baux signés : Q1 ou ANRU) | obj. 2 (QPV : hors Q1) | "
            + " | ".join(f"obj. 3 {r}" for r in RESERVATAIRES)
            + " | refus | mutations |",
            "|---|---|---|---|---|" + "---|" * len(RESERVATAIRES) + "---|---|",
        ]
        self.objectifs_calcules = {}
        for a in ANNEES_ATTRIB:
            s = self.attrib_stats[a]
            hq = ~s["qpv"] & s["bail"]
            o1 = (s["q1"] | s["anru"])[hq].mean()
            o2 = (~s["q1"])[s["qpv"]].mean()
            o3 = [s["prio"][s["res"] == i].mean() for i in range(len(RESERVATAIRES))]
            self.objectifs_calcules[a] = (o1, o2, o3)
            A.append(
                f"| {a} | {s['nb']} | {_pct(s['qpv'].mean())} | {_pct(o1)} | {_pct(o2)} | "
                + " | ".join(_pct(x) for x in o3)
                + f" | {_pct(s['refus'].mean())} | {_pct(s['mutation'].mean())} |"
            )
        tab_attr = "\n".join(A)
        P = ["| année | " + " | ".join(ind for ind, _ in INDICATEURS) + " |", "|---|" + "---|" * len(INDICATEURS)]
        for i, a in enumerate(ANNEES_PROD):
            cells = []
            for ind, _ in INDICATEURS:
                cells.append(
                    "absent" if a == 2025 and ind in INDICATEURS_ABSENTS_2025 else str(int(self.prod[ind][i].sum()))
                )
            P.append(f"| {a} | " + " | ".join(cells) + " |")
        tab_prod = "\n".join(P)
        seuils = ", ".join(f"{a} : {self.seuils[a]:.1f}".replace(".", ",") for a in ANNEES_ATTRIB)
        flux = "; ".join(
            f"{a} : {m} mises en location dont {u} mutations internes" for a, (m, u) in self.flux_tot.items()
        )
        text = README_TEMPLATE.format(
            seed=self.seed,
            tab_stock=tab_stock,
            top=top,
            part_qpv4=_pct(part_qpv4),
            nb_sans=nb_sans,
            tab_attr=tab_attr,
            tab_prod=tab_prod,
            seuils=seuils,
            flux=flux,
            sans_objectif=", ".join(f"{self.noms[c]} ({c})" for c in self.sans_objectif),
            stock16=stock[2016],
            stock24=stock[MILLESIME_CALE],
            stock25=stock[2025],
            nb_communes24=int((self.cible_2024 > 0).sum()),
        )
        return _write_text(out_dir / "README.md", text)


README_TEMPLATE = """\
# Données de démonstration

**Tout est inventé**, sauf le nombre de logements sociaux de chaque commune au 1er janvier 2024 (calé sur le parc réel). Ces fichiers servent à faire tourner l'observatoire sans données réelles.
Aucune ligne ne décrit un logement, un ménage ou une attribution réels ; les six bailleurs
(« Habitat Alpha (fictif) », « Logis Bêta (fictif) », « Foyer Gamma (fictif) »,
« Résidences Delta (fictif) », « Toit Epsilon (fictif) », « Cité Zêta (fictif) ») n'existent pas.
Seuls le découpage communal (46 communes de la CU d'Arras), les codes des QPV 2024 et les objectifs
CU du PLH 2014-2020 viennent des données de référence (`data/reference/`), et le **nombre de
logements sociaux de chaque commune au 1er janvier 2024**, calé sur le parc réel publié par le SDES
(`data/publiques/`, voir « Choix de calibrage ») ; les logements eux-mêmes restent inventés.
Ce qui a une source publique réelle (parc par commune 2024, population, revenus, vacance du parc
privé…) est chargé en plus, comme données réelles : les écrans les distinguent.

Graine : **{seed}** (générateur `numpy.random.default_rng`). Même graine → fichiers identiques à
l'octet près (gzip sans date ni nom de fichier).

Régénérer : `python -m observatoire.chargement.demo` (options `--seed N`, `--out DOSSIER`).
Ce fichier README est lui-même produit par le générateur : les chiffres ci-dessous sont ceux des
fichiers présents.

## Fichiers

Tous en UTF-8, séparateur `;`, ligne d'en-tête, fins de ligne `\\n`.

| fichier | contenu |
|---|---|
| `rpls_2016.csv.gz` … `rpls_2025.csv.gz` | RPLS **restreint** au logement (parc au 1er janvier), colonnes du fichier officiel ; colonne commune `DEPCOM_CODE` jusqu'en 2024 et `DEPCOM` en 2025 (comme les vrais fichiers). Colonne `id_logement` (ex. `D000123`) : identifiant stable d'un millésime à l'autre, **propre à la démo** (absent des vrais fichiers). `PLG_QP15` est toujours vide (codes 2015 inconnus). |
| `attributions.csv` | Modèle documenté, une ligne par attribution (2017-2025). Booléens `oui` / `non` / vide (= non renseigné). En 2017-2018 `premier_quartile` est vide et `ressources_uc` (€/an/UC) est fourni : le drapeau se déduit du seuil de l'année. `geographie_qpv` = 2015 jusqu'en 2023, 2024 ensuite ; `code_qpv` (code 2024) à partir de 2024. |
| `seuils_premier_quartile.csv` | Seuils du 1er quartile (€/an/UC) **inventés** : {seuils}. |
| `ops.csv` | Occupation du parc social (modèle commune × QPV / hors QPV × année d'enquête 2012 … 2022). Tranches de ressources en % des plafonds PLUS ; le reste jusqu'à `menages` = non renseigné. Les petites communes donnent des effectifs < 11 (l'application les masque). |
| `production.csv` | Production PLH, format long (`annee;code_insee;indicateur;valeur;source`), 2014-2025. Une ligne à 0 = zéro ; une ligne absente = donnée manquante : `ptz_neuf` et `accession_ancien` sont **absents pour 2025** (retard des statistiques PTZ). |
| `objectifs_communes.csv` | Déclinaison communale **inventée** des objectifs du PLH 2014-2020 (logements 550/an, lls 200/an, accession_aidee 140/an ; période = 6 × annuel), répartie au plus fort reste. Sans objectif communal : {sans_objectif}. |
| `contingent_flux.csv` | Entrées de la gestion en flux par bailleur fictif, 2024 et 2025 ({flux}). |

## Choix de calibrage

### Parc (RPLS)

Calage sur le réel : le parc de **chaque commune au 1er janvier 2024** est exactement son parc social
réel (SDES, RPLS au 1er janvier 2024, feuille COMMUNES : {stock24} logements dans {nb_communes24}
communes). Les 12 communes absentes de ce fichier n'ont aucun logement de démonstration en 2024 ni
aucun logement financé. Le parc de 2016 est déduit à rebours (2024 moins les entrées, plus les
ventes et démolitions) ; les mises en service 2017-2024 d'une commune sont plafonnées à la moitié
de son parc réel, le surplus allant à Arras.
Autres cibles : QPV ≈ 40 % du parc des quatre communes concernées (Arras, Achicourt,
Saint-Laurent-Blangy, Saint-Nicolas, seules à avoir des logements en QPV) ; un bailleur dominant
(≈ 45 %).
Flux : les logements **entrant** au millésime N (NEWLOGT_CODE = 1, mis en service pendant N-1) sont
exactement les PLUS + PLAI + PLS financés en N-3 dans la même commune (`production.csv`) ; les
logements **sortant** entre N et N+1 (présents en N, absents en N+1) sont exactement les
`ventes_hlm` + `demolitions` de l'année N, même commune (démolitions : logements collectifs en QPV).
Les baux commencés en N-1 (≈ 10 % des logements loués) donnent le taux de mobilité ; le DPE
s'améliore d'un millésime à l'autre ; loyers de 4,95 à 6,85 €/m² en 2016 (PLAI moins chers, PLS
plus chers), indexés de 0,7 % par an ;
9999 quand le logement n'est pas loué.

Résultat : {stock16} logements en 2016, **{stock24} en 2024** (le parc réel), {stock25} en 2025 ; part QPV dans les quatre communes
QPV en 2025 : {part_qpv4} ; communes sans parc social en 2025 : {nb_sans}.

{tab_stock}

Parc 2025, dix premières communes :

| commune | logements | part |
|---|---|---|
{top}

### Attributions

Cibles : 1 200-1 400 attributions par an ; réservataires État 30 %, Action Logement 20 %,
CU d'Arras 15 %, Communes 5 %, bailleur 30 % ; ≈ 35-40 % en QPV ; refus 10-14 % ; mutations 15-20 % ;
relogements ANRU 2-4 % (surtout à partir de 2019).
Objectif 1 (≥ 25 % légal) visé à 13-21 %, **jamais atteint**, en lente amélioration ;
objectif 2 (≥ 50 % légal) visé à 52-65 % ; objectif 3 (≥ 25 % légal) : État 45-60 %, CU d'Arras 24-32 %
(sous 25 % certaines années), Action Logement 10-18 %, Communes et bailleurs 15-25 %.
Environ 1,5 % de `premier_quartile` (à partir de 2019) et de `prioritaire` sont vides (non renseignés).

Calcul ci-dessous (prudent : un drapeau vide ne compte pas comme atteignant l'objectif) :
objectif 1 = (Q1 ou relogement ANRU) / attributions hors QPV avec bail signé ; objectif 2 =
(`premier_quartile` = non) / attributions en QPV ; objectif 3 = `prioritaire` = oui / attributions du
réservataire. En 2017-2018 le drapeau Q1 est déduit de `ressources_uc` < seuil de l'année.

{tab_attr}

### Production (totaux CU)

Cibles : logements autorisés 330-600 (sous 550 la plupart des années, au-dessus 1-2 ans) ; commencés
≈ 75-90 % des autorisés de l'année précédente ; PLUS + PLAI 110-215 (sous 200 la plupart des années,
PLAI ≈ 30 %) ; PLS 3-15 ; PTZ neuf 50-150 avec un creux en 2018-2019 (réforme du PTZ) ; ventes HLM
10-40 ; accession dans l'ancien 10-35 ; démolitions seulement les années de renouvellement urbain
(QPV d'Arras, Saint-Nicolas, Saint-Laurent-Blangy). Chaque commune a au moins une autorisation sur la
période.

{tab_prod}
"""


def generate(out_dir: Path, seed: int = DEFAULT_SEED) -> list[Path]:
    """Écrit tous les fichiers de démonstration dans out_dir et renvoie leurs chemins."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    g = _Demo(seed)
    g.production()
    g.parc()
    paths = g.rpls(out_dir)
    paths += g.attributions(out_dir)
    paths.append(g.ops(out_dir))
    paths.append(g.write_production(out_dir))
    paths.append(g.objectifs(out_dir))
    paths.append(g.flux(out_dir))
    paths.append(g.readme(out_dir))
    return paths


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m observatoire.chargement.demo", description="Génère les données de démonstration (inventées)."
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"graine (défaut {DEFAULT_SEED})")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="dossier de sortie (défaut data/demo)")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    paths = generate(args.out, args.seed)
    dt = time.perf_counter() - t0
    for p in paths:
        print(f"{p}  {p.stat().st_size} octets")
    print(f"{len(paths)} fichiers en {dt:.1f} s (graine {args.seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
