"""A Streamlit client at the protocol level: one browser tab, without the browser.

It speaks to a running server the way the Streamlit frontend does (Streamlit 1.67, Starlette
server): a websocket on /_stcore/stream with the « streamlit » subprotocol, `BackMsg` protobufs
out, `ForwardMsg` protobufs in.

- Opening a link (`ouvrir`) connects and sends a `rerun_script` whose `ClientState` carries the
  query string and the page name read from the address (`page_name`, empty page hash): the
  server resolves the page from the `st.navigation` pages, as for a deep link typed in the bar.
- Clicking a page of the menu (`naviguer`) sends the page's `page_script_hash` learnt from the
  server's `navigation` message, with the current query string and every widget value.
- Moving a widget (`modifier`) reruns the current page with the widget's new value.

Like the frontend, the client keeps the value of each widget it has drawn (slider, multiselect,
selectbox, radio, checkbox; form widgets and buttons are left out) and sends them all on every
rerun: on a page change Streamlit keeps only the widget states the client sends.

A page view ends with `script_finished` = FINISHED_SUCCESSFULLY (or a compile error). A run the
script abandons for a rerun (`st.rerun`) is followed by
the next run; only the last run's elements are kept (each run starts with `new_session`). The
elements of the view are then read from their `delta`s: text of headings, markdown, captions,
metrics and alerts, exceptions, widgets.

Nothing is rendered: the time of a view is the server's (script run and transfer), not a
browser's drawing time.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

FINI, ERREUR_COMPILATION = ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR
RACINES = {0: "main", 1: "sidebar"}  # first index of a delta path: the root container
WIDGETS = ("slider", "multiselect", "selectbox", "radio", "checkbox")


@dataclass
class Element:
    racine: str  # "main", "sidebar", …
    chemin: tuple[int, ...]  # delta path
    type: str  # "markdown", "caption", "heading", "metric", "alert", "exception", "slider", …
    texte: str = ""  # body (metric: value; alert: body; exception: "Type: message")
    libelle: str = ""  # metric / widget label, alert format ("ERROR", "WARNING"…)
    proto: object | None = None  # the element's protobuf (widgets: to read id, options, value)


@dataclass
class Vue:
    """What one page view (one rerun until it finishes) brought."""

    chemin: str  # url path of the page the server ran ("" = the default page)
    requete: str  # the query string the server left in the address
    duree: float  # seconds from the BackMsg to script_finished
    elements: list[Element] = field(default_factory=list)
    page_introuvable: bool = False  # the server sent page_not_found
    compilation_echouee: bool = False

    def textes(self, *types: str, racine: str | None = None) -> list[str]:
        return [
            e.texte for e in self.elements if (not types or e.type in types) and (racine is None or e.racine == racine)
        ]

    def legendes(self) -> list[str]:
        return self.textes("caption")

    def metriques(self) -> list[tuple[str, str]]:
        return [(e.libelle, e.texte) for e in self.elements if e.type == "metric"]

    def exceptions(self) -> list[str]:
        return self.textes("exception")

    def erreurs(self) -> list[str]:
        """st.error messages."""
        return [e.texte for e in self.elements if e.type == "alert" and e.libelle == "ERROR"]

    def widget(self, libelle: str, racine: str | None = None) -> Element | None:
        return next(
            (
                e
                for e in self.elements
                if e.type in WIDGETS and e.libelle == libelle and (racine is None or e.racine == racine)
            ),
            None,
        )


class ErreurProtocole(RuntimeError):
    pass


class SessionStreamlit:
    """One browser tab on `url` (http://127.0.0.1:PORT). Use as `async with`."""

    def __init__(self, url: str, delai: float = 300.0):
        self.url = url.rstrip("/")
        self.delai = delai  # seconds a view may take before it counts as a hang
        self._ws = None
        self.requete = ""
        self.pages: dict[str, str] = {}  # url path ("" = default page) → page_script_hash
        self.chemin: str | None = None  # url path of the page on screen
        self._valeurs: dict[str, tuple[str, object]] = {}  # widget id → (value field, value)
        self.derniere: Vue | None = None

    async def __aenter__(self) -> SessionStreamlit:
        return self

    async def __aexit__(self, *exc) -> None:
        await self.fermer()

    # ------------------------------------------------------------------ what a user does

    async def ouvrir(self, chemin: str = "", requete: str = "") -> Vue:
        """Open a link: /chemin?requete in a new tab (a new websocket, a new server session)."""
        await self.fermer()
        hote = self.url.split("://", 1)[1]
        self._ws = await connect(
            f"ws://{hote}/_stcore/stream",
            subprotocols=["streamlit"],
            origin=self.url,
            max_size=None,
            open_timeout=self.delai,
            ping_interval=None,
        )
        self.requete, self._valeurs, self.pages, self.chemin = requete, {}, {}, None
        return await self._relancer(page_name=chemin, url=f"{self.url}/{chemin}")

    async def naviguer(self, chemin: str) -> Vue:
        """Click a page of the navigation menu (same session, filters kept in session state)."""
        if chemin not in self.pages:
            raise ErreurProtocole(f"page « {chemin} » absente du menu : {sorted(self.pages)}")
        return await self._relancer(page_script_hash=self.pages[chemin], url=f"{self.url}/{chemin}")

    async def modifier(self, valeurs: dict[str, object]) -> Vue:
        """Set widgets (by label, as on screen) and rerun the current page, as a user moving them
        does. Slider: (a, b) or a; multiselect: list of displayed options; selectbox, radio:
        displayed option; checkbox: bool."""
        if self.derniere is None:
            raise ErreurProtocole("aucune page ouverte")
        for libelle, valeur in valeurs.items():
            w = self.derniere.widget(libelle)
            if w is None or w.proto.id not in self._valeurs:
                raise ErreurProtocole(f"pas de widget « {libelle} » sur la page")
            champ = self._valeurs[w.proto.id][0]
            if champ == "double_array_value":
                valeur = [float(v) for v in (valeur if isinstance(valeur, (list, tuple)) else [valeur])]
            elif champ == "string_array_value":
                valeur = [str(v) for v in valeur]
            self._valeurs[w.proto.id] = (champ, valeur)
        return await self._relancer(page_script_hash=self.pages.get(self.chemin, ""), url=f"{self.url}/{self.chemin}")

    async def fermer(self) -> None:
        if self._ws is not None:
            ws, self._ws = self._ws, None
            await ws.close()

    # ------------------------------------------------------------------ protocol

    async def _relancer(self, *, page_script_hash: str = "", page_name: str = "", url: str) -> Vue:
        msg = BackMsg()
        etat = msg.rerun_script
        etat.query_string = self.requete
        etat.page_script_hash = page_script_hash
        etat.page_name = page_name
        etat.context_info.locale = "fr-FR"
        etat.context_info.timezone = "Europe/Paris"
        etat.context_info.url = url + (f"?{self.requete}" if self.requete else "")
        for wid, (champ, valeur) in self._valeurs.items():
            w = etat.widget_states.widgets.add()
            w.id = wid
            if champ in ("double_array_value", "string_array_value"):
                getattr(w, champ).data.extend(valeur)
            else:
                setattr(w, champ, valeur)
        debut = time.perf_counter()
        await self._ws.send(msg.SerializeToString())
        try:
            async with asyncio.timeout(self.delai):
                vue = await self._lire_jusqu_a_la_fin()
        except TimeoutError:
            raise ErreurProtocole(f"pas de fin de script en {self.delai:.0f} s ({url})") from None
        vue.duree = time.perf_counter() - debut
        self.derniere = vue
        return vue

    async def _lire_jusqu_a_la_fin(self) -> Vue:
        elements: dict[tuple[int, ...], Element] = {}
        page_introuvable, hash_page = False, None
        while True:
            f = ForwardMsg()
            f.ParseFromString(await self._ws.recv())
            genre = f.WhichOneof("type")
            if genre == "new_session":  # a run starts: the previous (abandoned) run's elements go
                elements, page_introuvable = {}, False
            elif genre == "navigation":
                nav = f.navigation
                self.pages = {p.url_pathname: p.page_script_hash for p in nav.app_pages}
                hash_page = nav.page_script_hash
            elif genre == "page_not_found":
                page_introuvable = True
            elif genre == "page_info_changed":
                self.requete = f.page_info_changed.query_string
            elif genre == "delta" and f.delta.WhichOneof("type") == "new_element":
                chemin = tuple(f.metadata.delta_path)
                elements[chemin] = _element(chemin, f.delta.new_element)
            elif genre == "script_finished" and f.script_finished in (FINI, ERREUR_COMPILATION):
                break
        chemins = {h: c for c, h in self.pages.items()}
        self.chemin = chemins.get(hash_page, self.chemin)
        vue = Vue(
            self.chemin or "",
            self.requete,
            0.0,
            [elements[c] for c in sorted(elements)],
            page_introuvable,
            f.script_finished == ERREUR_COMPILATION,
        )
        self._retenir_widgets(vue)
        return vue

    def _retenir_widgets(self, vue: Vue) -> None:
        """The frontend's widget values after a run: a widget the server sets (set_value) or sees
        for the first time takes the server's value or its default; the others keep the value the
        client had. Widgets no longer drawn are forgotten."""
        valeurs = {}
        for e in vue.elements:
            if e.type not in WIDGETS or e.proto.form_id:
                continue
            p = e.proto
            if p.id in self._valeurs and not p.set_value:
                valeurs[p.id] = self._valeurs[p.id]
            elif e.type == "slider":
                valeurs[p.id] = ("double_array_value", list(p.value if p.set_value else p.default))
            elif e.type == "multiselect":
                valeurs[p.id] = (
                    "string_array_value",
                    list(p.raw_values) if p.set_value else [p.options[i] for i in p.default],
                )
            elif e.type in ("selectbox", "radio"):
                if p.set_value:
                    valeurs[p.id] = ("string_value", p.raw_value)
                elif p.HasField("default"):
                    valeurs[p.id] = ("string_value", p.options[p.default])
            elif e.type == "checkbox":
                valeurs[p.id] = ("bool_value", p.value if p.set_value else p.default)
        self._valeurs = valeurs


def _element(chemin: tuple[int, ...], el) -> Element:
    genre = el.WhichOneof("type")
    p = getattr(el, genre)
    racine = RACINES.get(chemin[0], str(chemin[0])) if chemin else "?"
    if genre == "markdown":
        type_ = "caption" if p.element_type == p.CAPTION else "markdown"
        return Element(racine, chemin, type_, p.body)
    if genre == "heading":
        return Element(racine, chemin, "heading", p.body)
    if genre == "metric":
        return Element(racine, chemin, "metric", p.body, p.label)
    if genre == "alert":
        return Element(racine, chemin, "alert", p.body, type(p).Format.Name(p.format))
    if genre == "exception":
        return Element(racine, chemin, "exception", f"{p.type}: {p.message}")
    if genre in WIDGETS:
        return Element(racine, chemin, genre, "", p.label, p)
    return Element(racine, chemin, genre)
