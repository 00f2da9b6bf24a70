"""Open data of the consultation: anonymised submissions of closed rounds and a dictionary.

Only **closed** rounds are published (an open round's numbers still change), and only what
cannot point at a person: the round, the participant's sector and territory and the
weights. Participant codes are replaced by a number within the round; pueblo, sex, age
group and comments never leave the store (in a small workshop they could identify
someone).

Files (see :func:`open_data_tables`):

``consulta_respuestas.csv``
    One row per submission: round, method, level, sector, territory (INE code), one
    ``peso_<tema>`` column per theme (sum 1; empty when the round did not weigh it) and,
    for pairwise rounds, the consistency ratio.
``consulta_diccionario.csv``
    Every column of the file above: file, column, type, description.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import inspect, select
from sqlalchemy.engine import make_url

from analysis.consultation.models import ConsultationRound, ConsultationSubmission
from analysis.records.database import default_url, engine_for, session_scope

BASE_COLUMNS: list[tuple[str, str, str]] = [
    ("ronda_id", "integer", "Identificador de la ronda de consulta"),
    ("ronda", "string", "Nombre de la ronda"),
    ("fecha", "string", "Fecha de la ronda (AAAA-MM-DD)"),
    (
        "metodo",
        "string",
        "Método: presupuesto (reparto de 100 puntos) o ahp (comparación por pares)",
    ),
    ("nivel", "string", "Nivel del territorio de la persona: departamento o municipio"),
    ("participante", "integer", "Número de la respuesta dentro de la ronda (anónimo)"),
    ("sector", "string", "Sector: estado, osc, academia, cooperacion, privado, pueblos_indigenas"),
    ("territorio", "integer", "Código INE del departamento o municipio de la persona"),
    (
        "razon_consistencia",
        "number",
        "Razón de consistencia de Saaty (sólo AHP; > 0,10 = inconsistente)",
    ),
]
"""Fixed columns of ``consulta_respuestas.csv``: name, Frictionless type, description."""


def _store_exists(url: str) -> bool:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        return database is not None and database != ":memory:" and Path(database).is_file()
    return True


def submissions_table(url: str | None = None) -> pd.DataFrame:
    """Anonymised submissions of the closed rounds (empty when there are none).

    Never creates a store: when the embedded SQLite file does not exist, or the store has
    no consultation tables yet, the table is empty.
    """
    address = url or default_url()
    columns = [name for name, _, _ in BASE_COLUMNS]
    if not _store_exists(address):
        return pd.DataFrame(columns=columns)
    engine = engine_for(address)
    try:
        if not inspect(engine).has_table("consultation_submissions"):
            return pd.DataFrame(columns=columns)
        with session_scope(engine, readonly=True) as session:
            rounds = session.scalars(
                select(ConsultationRound)
                .where(ConsultationRound.status == "cerrada")
                .order_by(ConsultationRound.id)
            ).all()
            rows = []
            for round_ in rounds:
                submissions = session.scalars(
                    select(ConsultationSubmission)
                    .where(ConsultationSubmission.round_id == round_.id)
                    .order_by(ConsultationSubmission.id)
                ).all()
                for number, submission in enumerate(submissions, start=1):
                    row = {
                        "ronda_id": round_.id,
                        "ronda": round_.name,
                        "fecha": round_.held_on,
                        "metodo": round_.method,
                        "nivel": round_.level,
                        "participante": number,
                        "sector": submission.sector,
                        "territorio": int(submission.territory),
                        "razon_consistencia": submission.consistency_ratio,
                    }
                    for item, weight in submission.weights.items():
                        row[f"peso_{item}"] = float(weight)
                    rows.append(row)
    finally:
        engine.dispose()
    frame = pd.DataFrame(rows)
    if frame.empty:
        return pd.DataFrame(columns=columns)
    weights = sorted(c for c in frame.columns if c.startswith("peso_"))
    frame = frame[columns + weights]
    frame["razon_consistencia"] = pd.to_numeric(frame["razon_consistencia"], errors="coerce")
    return frame


def data_dictionary(submissions: pd.DataFrame) -> pd.DataFrame:
    """One row per column of ``consulta_respuestas.csv``."""
    rows = [("consulta_respuestas.csv", name, kind, text) for name, kind, text in BASE_COLUMNS]
    for column in submissions.columns:
        if column.startswith("peso_"):
            rows.append(
                (
                    "consulta_respuestas.csv",
                    column,
                    "number",
                    f"Peso que la persona dio a «{column[5:]}» (0–1; los pesos de una respuesta suman 1)",
                )
            )
    return pd.DataFrame(rows, columns=["file", "column", "type", "description"])


def open_data_tables(url: str | None = None) -> dict[str, pd.DataFrame]:
    """``{file name: table}`` for the open-data bundle; empty when no round is closed."""
    submissions = submissions_table(url)
    if submissions.empty:
        return {}
    return {
        "consulta_respuestas": submissions,
        "consulta_diccionario": data_dictionary(submissions),
    }
