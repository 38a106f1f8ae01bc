"""Uploads only from sessions allowed to import (issue 14, item 5).

Streamlit keeps every uploaded file in the server's memory, for any session that asks for an
upload address, including a visitor on the login page who never sees an uploader. `installer()`
wraps the upload manager so that a file is accepted only from a session the page « Données »
has marked as analyste (`autoriser_session`), and refused (HTTP 403, nothing kept) otherwise.
It is installed when the observatoire package is imported inside a Streamlit server.

The request body itself is bounded by `server.maxUploadSize` (.streamlit/config.toml); behind
a reverse proxy, bound it there too (nginx: `client_max_body_size 400m;`), see README.
"""

from __future__ import annotations

import logging
import threading

_autorisees: set[str] = set()
_verrou = threading.Lock()
_installe = False
journal = logging.getLogger("observatoire.ecrans.televersement")


def session_autorisee(session_id: str) -> bool:
    with _verrou:
        return session_id in _autorisees


def autoriser_session(autorise: bool) -> None:
    """Mark the current script run's session as allowed (or no longer allowed) to upload."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return
    with _verrou:
        if autorise:
            _autorisees.add(ctx.session_id)
        else:
            _autorisees.discard(ctx.session_id)
        try:  # forget sessions that have ended
            from streamlit.runtime import Runtime

            if Runtime.exists():
                rt = Runtime.instance()
                for sid in [s for s in _autorisees if not rt.is_active_session(s)]:
                    _autorisees.discard(sid)
        except Exception:
            pass


def installer() -> None:
    """Wrap MemoryUploadedFileManager.add_file once per process."""
    global _installe
    with _verrou:
        if _installe:
            return
        from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager

        origine = MemoryUploadedFileManager.add_file

        def add_file(self, session_id, file):
            if not session_autorisee(session_id):
                journal.warning(
                    "Téléversement refusé : session %s sans rôle analyste (%s octets ignorés).",
                    session_id,
                    len(getattr(file, "data", b"") or b""),
                )
                try:
                    from starlette.exceptions import HTTPException
                except ImportError:  # pragma: no cover (Tornado server of older Streamlit)
                    raise PermissionError("téléversement réservé au rôle analyste") from None
                raise HTTPException(status_code=403, detail="Téléversement réservé au rôle analyste.")
            return origine(self, session_id, file)

        add_file.__wrapped__ = origine  # type: ignore[attr-defined]
        MemoryUploadedFileManager.add_file = add_file
        _installe = True
