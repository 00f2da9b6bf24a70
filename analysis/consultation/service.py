"""Consultation rounds and submissions in the operational store: every rule enforced here.

Who may do what
---------------
- The secretariat opens and closes rounds, imports workshop spreadsheets and saves the
  consensus scenario (:func:`analysis.records.permissions.require_secretariat`).
- Anyone holding a round's link submits while the round is open; no login and no name
  are needed (the public principal). Each submission gets a random anonymous code.
- Every change leaves an audit row; a submission's audit row carries its answer but no
  comment text is ever logged elsewhere.

Reading a round's answers for analysis goes through :func:`round_responses`, which returns
:class:`analysis.consultation.responses.Responses`.
"""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from analysis.consultation.elicitation import (
    AHPResult,
    ahp_weights,
    budget_weights,
    pair_label,
    theme_pairs,
)
from analysis.consultation.importer import WorkshopImport
from analysis.consultation.models import ROUND_STATES, ConsultationRound, ConsultationSubmission
from analysis.consultation.responses import PROFILE_COLUMNS, Responses
from analysis.consultation.spec import (
    MAX_CODE,
    VOCABULARIES,
    RoundSpec,
    check_comment,
)
from analysis.errors import RaicesError
from analysis.records.audit import record_change, snapshot, write_change
from analysis.records.database import engine_for, upgrade
from analysis.records.locking import check_version
from analysis.records.mixins import utcnow
from analysis.records.permissions import require_secretariat
from analysis.records.users import PUBLIC, Principal, ensure_active

ROUNDS = "consultation_rounds"
SUBMISSIONS = "consultation_submissions"


class RoundClosed(RaicesError):
    """The round no longer takes answers."""


class UnknownRound(RaicesError):
    """No round has this id or link."""


@dataclasses.dataclass(frozen=True)
class Receipt:
    """What a participant is told after submitting.

    Attributes
    ----------
    code
        The anonymous code of the submission.
    weights
        The weights computed from the answer (sum 1).
    ahp
        For pairwise rounds, the consistency analysis (``None`` for budgets).
    """

    code: str
    weights: pd.Series
    ahp: AHPResult | None


def open_store(url: str | None = None) -> Engine:
    """Engine of the operational store, migrated to the newest revision."""
    engine = engine_for(url)
    upgrade(engine)
    return engine


def _spec_of(row: ConsultationRound) -> RoundSpec:
    return RoundSpec(
        name=row.name,
        level=row.level,
        method=row.method,
        items=tuple(row.items),
        date=row.held_on,
        description=row.description,
        target=row.target,
        scenario_toml=row.scenario_toml,
        round_id=row.id,
        status=row.status,
        link=row.link,
    )


def _round(session: Session, round_id: int) -> ConsultationRound:
    row = session.get(ConsultationRound, int(round_id))
    if row is None:
        raise UnknownRound(f"no existe la ronda {round_id}", column="ronda")
    return row


# --------------------------------------------------------------------------- rounds
def open_round(session: Session, principal: Principal, spec: RoundSpec) -> RoundSpec:
    """Store a new round (secretariat only) and return it with its id and link.

    The link id is random (``secrets.token_urlsafe``): knowing one round's link does not
    give another's.
    """
    require_secretariat(principal)
    ensure_active(session, principal)
    if spec.scenario_toml:
        from analysis.priority.scenario import Scenario

        base = Scenario.from_toml_text(spec.scenario_toml, source="escenario base")
        if base.level != spec.level:
            raise RaicesError(
                "el escenario base es de otro nivel territorial", column="scenario_toml"
            )
    row = ConsultationRound(
        link=secrets.token_urlsafe(12),
        name=spec.name.strip()[:200],
        held_on=spec.date,
        description=spec.description,
        level=spec.level,
        method=spec.method,
        target=spec.target,
        items=list(spec.items),
        scenario_toml=spec.scenario_toml,
        status="abierta",
        created_by=principal.username,
    )
    session.add(row)
    session.flush()
    record_change(session, principal, ROUNDS, row.id, "create", None, snapshot(row))
    return _spec_of(row)


def set_round_status(
    session: Session,
    principal: Principal,
    round_id: int,
    status: str,
    *,
    expected_version: int | None = None,
) -> RoundSpec:
    """Close (``"cerrada"``) or reopen (``"abierta"``) a round (secretariat only)."""
    require_secretariat(principal)
    ensure_active(session, principal)
    if status not in ROUND_STATES:
        raise RaicesError(f"estado «{status}» no válido", column="status")
    row = _round(session, round_id)
    check_version(row, expected_version, ROUNDS)
    before = snapshot(row)
    row.status = status
    row.closed_at = utcnow() if status == "cerrada" else None
    row.updated_at = utcnow()
    row.updated_by = principal.username
    write_change(session, principal, ROUNDS, row, "update", before)
    return _spec_of(row)


def get_round(session: Session, round_id: int) -> RoundSpec:
    """A round by its numeric id."""
    return _spec_of(_round(session, round_id))


def round_by_link(session: Session, link: str) -> RoundSpec:
    """The round a link points to (``?ronda=…``)."""
    text = str(link or "").strip()[:40]
    row = session.scalar(select(ConsultationRound).where(ConsultationRound.link == text))
    if row is None:
        raise UnknownRound("el enlace no corresponde a ninguna ronda de consulta", column="ronda")
    return _spec_of(row)


def list_rounds(session: Session) -> pd.DataFrame:
    """Every round with its number of submissions, newest first."""
    counts = dict(
        session.execute(
            select(ConsultationSubmission.round_id, func.count()).group_by(
                ConsultationSubmission.round_id
            )
        ).all()
    )
    rows = session.scalars(select(ConsultationRound).order_by(ConsultationRound.id.desc())).all()
    return pd.DataFrame(
        [
            {
                "id": r.id,
                "name": r.name,
                "date": r.held_on,
                "level": r.level,
                "method": r.method,
                "status": r.status,
                "submissions": int(counts.get(r.id, 0)),
                "link": r.link,
                "consensus_hash": r.consensus_hash,
            }
            for r in rows
        ],
        columns=[
            "id",
            "name",
            "date",
            "level",
            "method",
            "status",
            "submissions",
            "link",
            "consensus_hash",
        ],
    )


def round_version(session: Session, round_id: int) -> int:
    """The round's version (for optimistic locking in forms)."""
    return int(_round(session, round_id).version)


# --------------------------------------------------------------------------- answers
def check_answer(spec: RoundSpec, answer: Mapping[str, Any]) -> tuple[pd.Series, AHPResult | None]:
    """Validate one answer against the round; return its weights (and AHP analysis).

    ``answer`` has ``sector``, ``territory``, optional ``pueblo``, ``sex``, ``age_group``,
    ``comment`` and ``points`` (budget) or ``judgements`` (``{(a, b): value}``, AHP).
    """
    for column, options in VOCABULARIES.items():
        value = answer.get(column)
        if value is None and column != "sector":
            continue
        if value not in options:
            raise RaicesError(
                f"valor «{value}» no válido; opciones: {', '.join(options)}", column=column
            )
    territory = answer.get("territory")
    if isinstance(territory, bool) or not isinstance(territory, int):
        raise RaicesError("falta el territorio (código INE)", column="territory")
    check_comment(answer.get("comment"))
    if spec.method == "ahp":
        judgements = answer.get("judgements")
        if not isinstance(judgements, Mapping):
            raise RaicesError("faltan las comparaciones por pares", column="judgements")
        result = ahp_weights(spec.items, judgements)
        return result.weights, result
    points = answer.get("points")
    if not isinstance(points, Mapping):
        raise RaicesError("faltan los puntos por tema", column="points")
    return budget_weights(points, spec.items), None


def _stored_answer(spec: RoundSpec, answer: Mapping[str, Any]) -> dict[str, Any]:
    if spec.method == "ahp":
        judgements = answer["judgements"]
        values = {}
        for first, second in theme_pairs(spec.items):
            if (first, second) in judgements:
                values[pair_label(first, second)] = float(judgements[(first, second)])
            else:
                values[pair_label(first, second)] = 1.0 / float(judgements[(second, first)])
        return {"judgements": values}
    return {"points": {item: float(answer["points"][item]) for item in spec.items}}


def _new_code(session: Session, round_id: int) -> str:
    while True:
        code = "F-" + secrets.token_hex(4).upper()
        taken = session.scalar(
            select(ConsultationSubmission.id).where(
                ConsultationSubmission.round_id == round_id, ConsultationSubmission.code == code
            )
        )
        if taken is None:
            return code


def _add_submission(
    session: Session,
    principal: Principal,
    row: ConsultationRound,
    spec: RoundSpec,
    answer: Mapping[str, Any],
    *,
    code: str,
    source: str,
) -> Receipt:
    weights, ahp = check_answer(spec, answer)
    submission = ConsultationSubmission(
        round_id=row.id,
        code=code,
        source=source,
        sector=str(answer["sector"]),
        territory=int(answer["territory"]),
        pueblo=answer.get("pueblo"),
        sex=answer.get("sex"),
        age_group=answer.get("age_group"),
        comment=check_comment(answer.get("comment")),
        answer=_stored_answer(spec, answer),
        weights={k: float(v) for k, v in weights.items()},
        consistency_ratio=float(ahp.consistency_ratio) if ahp is not None else None,
        consistent=bool(ahp.consistent) if ahp is not None else True,
        submitted_at=utcnow(),
    )
    session.add(submission)
    session.flush()
    record_change(
        session,
        principal,
        SUBMISSIONS,
        submission.id,
        "create" if source == "formulario" else "import",
        None,
        snapshot(submission),
    )
    return Receipt(code=code, weights=weights, ahp=ahp)


def submit(
    session: Session,
    link: str,
    answer: Mapping[str, Any],
    *,
    principal: Principal = PUBLIC,
    territories: Sequence[int] | None = None,
    replaces: str | None = None,
) -> Receipt:
    """Store one participant's answer to the round behind ``link`` (no login needed).

    Parameters
    ----------
    session
        Open session; the submission and its audit row commit together.
    link
        The round's link id.
    answer
        See :func:`check_answer`.
    principal
        Who submits (the public by default).
    territories
        Valid INE codes at the round's level; ``None`` skips that check.
    replaces
        The code of this participant's earlier form submission, which the revised answer
        replaces (after the AHP revise prompt); its random code is known only to the
        browser session that sent it.

    Raises
    ------
    RoundClosed
        When the round is closed.
    RaicesError
        For an invalid answer (nothing is stored).
    """
    spec = round_by_link(session, link)
    row = _round(session, int(spec.round_id or 0))
    if row.status != "abierta":
        raise RoundClosed("la ronda está cerrada y ya no recibe respuestas", column="ronda")
    if territories is not None and answer.get("territory") not in set(territories):
        raise RaicesError("territorio desconocido", column="territory")
    if replaces:
        return _revise(session, principal, row, spec, answer, str(replaces))
    return _add_submission(
        session, principal, row, spec, answer, code=_new_code(session, row.id), source="formulario"
    )


def _revise(
    session: Session,
    principal: Principal,
    row: ConsultationRound,
    spec: RoundSpec,
    answer: Mapping[str, Any],
    code: str,
) -> Receipt:
    """Replace a form submission by its revised answer (same anonymous code)."""
    submission = session.scalar(
        select(ConsultationSubmission).where(
            ConsultationSubmission.round_id == row.id,
            ConsultationSubmission.code == code,
            ConsultationSubmission.source == "formulario",
        )
    )
    if submission is None:
        raise RaicesError("no se encontró la respuesta que quiere revisar", column="code")
    weights, ahp = check_answer(spec, answer)
    before = snapshot(submission)
    submission.sector = str(answer["sector"])
    submission.territory = int(answer["territory"])
    submission.pueblo = answer.get("pueblo")
    submission.sex = answer.get("sex")
    submission.age_group = answer.get("age_group")
    submission.comment = check_comment(answer.get("comment"))
    submission.answer = _stored_answer(spec, answer)
    submission.weights = {k: float(v) for k, v in weights.items()}
    submission.consistency_ratio = float(ahp.consistency_ratio) if ahp is not None else None
    submission.consistent = bool(ahp.consistent) if ahp is not None else True
    submission.submitted_at = utcnow()
    session.flush()
    record_change(
        session, principal, SUBMISSIONS, submission.id, "update", before, snapshot(submission)
    )
    return Receipt(code=code, weights=weights, ahp=ahp)


def existing_codes(session: Session, round_id: int) -> set[str]:
    """Participant codes already stored for a round."""
    return set(
        session.scalars(
            select(ConsultationSubmission.code).where(ConsultationSubmission.round_id == round_id)
        ).all()
    )


def import_workshop(
    session: Session, principal: Principal, round_id: int, workshop: WorkshopImport
) -> int:
    """Store every answer of a checked workshop spreadsheet, or nothing (secretariat only).

    Raises :class:`analysis.consultation.importer.WorkshopRefused` when the spreadsheet
    has any problem; the caller's session is then rolled back by ``session_scope``.
    Returns the number of submissions stored.
    """
    require_secretariat(principal)
    ensure_active(session, principal)
    workshop.raise_if_problems()
    row = _round(session, round_id)
    spec = _spec_of(row)
    taken = existing_codes(session, row.id)
    clash = [a["code"] for a in workshop.answers if a["code"] in taken]
    if clash:
        raise RaicesError(
            f"el código «{clash[0]}» ya está registrado en esta ronda; no se guardó nada",
            file=workshop.file,
            column="codigo_participante",
        )
    for answer in workshop.answers:
        code = str(answer["code"])[:MAX_CODE]
        _add_submission(session, principal, row, spec, answer, code=code, source="planilla")
    try:
        session.flush()
    except IntegrityError as error:  # a code stored by someone else meanwhile
        raise RaicesError(
            "otra importación guardó los mismos códigos; no se guardó nada", file=workshop.file
        ) from error
    return len(workshop.answers)


def round_responses(session: Session, round_id: int) -> Responses:
    """Every answer of a round as :class:`~analysis.consultation.responses.Responses`."""
    spec = _spec_of(_round(session, round_id))
    rows = session.scalars(
        select(ConsultationSubmission)
        .where(ConsultationSubmission.round_id == spec.round_id)
        .order_by(ConsultationSubmission.id)
    ).all()
    items = list(spec.items)
    index = pd.Index([r.code for r in rows], name="participant")
    weights = pd.DataFrame(
        [[float(r.weights[item]) for item in items] for r in rows],
        index=index,
        columns=items,
        dtype=float,
    )
    judgements = None
    if spec.method == "ahp":
        pairs = [pair_label(a, b) for a, b in theme_pairs(items)]
        judgements = pd.DataFrame(
            [[float(r.answer["judgements"][p]) for p in pairs] for r in rows],
            index=index,
            columns=pairs,
            dtype=float,
        )
    profile = pd.DataFrame(
        [
            {
                "sector": r.sector,
                "territory": int(r.territory),
                "pueblo": r.pueblo,
                "sex": r.sex,
                "age_group": r.age_group,
                "consistency_ratio": r.consistency_ratio,
                "consistent": bool(r.consistent),
                "comment": r.comment,
            }
            for r in rows
        ],
        index=index,
        columns=list(PROFILE_COLUMNS),
    )
    return Responses(
        method=spec.method,
        themes=tuple(items),
        weights=weights,
        judgements=judgements,
        profile=profile,
    )


def save_consensus(
    session: Session,
    principal: Principal,
    round_id: int,
    scenario_toml: str,
    *,
    expected_version: int | None = None,
) -> str:
    """Keep the round's consensus scenario (secretariat only); return its fingerprint."""
    from analysis.priority.scenario import Scenario

    require_secretariat(principal)
    ensure_active(session, principal)
    scenario = Scenario.from_toml_text(scenario_toml, source="escenario de consenso")
    row = _round(session, round_id)
    check_version(row, expected_version, ROUNDS)
    before = snapshot(row)
    row.consensus_toml = scenario.to_toml()
    row.consensus_hash = scenario.hash()
    row.updated_at = utcnow()
    row.updated_by = principal.username
    write_change(session, principal, ROUNDS, row, "update", before)
    return scenario.hash()


def consensus_scenarios(session: Session) -> dict[str, str]:
    """Saved consensus scenarios: name -> TOML (for the comparison page)."""
    rows = session.scalars(
        select(ConsultationRound)
        .where(ConsultationRound.consensus_toml.is_not(None))
        .order_by(ConsultationRound.id)
    ).all()
    out = {}
    for row in rows:
        from analysis.priority.scenario import Scenario

        scenario = Scenario.from_toml_text(str(row.consensus_toml))
        out[scenario.name] = str(row.consensus_toml)
    return out
