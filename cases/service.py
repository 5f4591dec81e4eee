"""Working a case: open it from a reached request, refer each need, follow up, close it properly.

A case closes only when every need is resolved or explicitly closed with a reason — the promise
is to accompany the person until help actually arrives.
"""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.models import User
from callbacks.models import CallbackRequest
from cases.models import NEED_STATUSES, ORGANIZATION_KINDS, REFERRAL_STATUSES, Case, CaseNeed, Note, Organization, Referral, Task
from domain import NEEDS


class CaseError(Exception):
    """The change does not fit the case; the message is shown to the coordinator."""


def open_case(s: Session, req: CallbackRequest, user: User, now: datetime) -> Case:
    existing = s.scalars(select(Case).where(Case.request_id == req.id)).first()
    if existing is not None:
        return existing
    case = Case(request_id=req.id, coordinator_id=user.id, status="open", opened_at=now)
    case.needs = [CaseNeed(need=n, status="open", updated_at=now) for n in (req.needs or ["other"])]
    s.add(case)
    s.flush()
    return case


def add_need(s: Session, case: Case, need: str, now: datetime) -> CaseNeed:
    if need not in NEEDS:
        raise CaseError("Неизвестная нужда.")
    for item in case.needs:
        if item.need == need:
            return item
    item = CaseNeed(need=need, status="open", updated_at=now)
    case.needs.append(item)
    if case.status == "closed":
        case.status, case.closed_at = "open", None
    s.flush()
    return item


def set_need_status(case: Case, need_id: int, status: str, reason: str, now: datetime) -> None:
    if status not in NEED_STATUSES:
        raise CaseError("Неизвестный статус нужды.")
    item = next((n for n in case.needs if n.id == need_id), None)
    if item is None:
        raise CaseError("Такой нужды в случае нет.")
    if status == "closed" and not reason.strip():
        raise CaseError("Закрыть нужду без решения можно только с причиной.")
    item.status, item.reason, item.updated_at = status, reason.strip() or item.reason, now


def refer(s: Session, case: Case, need: str, organization_id: int, note: str, user: User, now: datetime) -> Referral:
    org = s.get(Organization, organization_id)
    if org is None or not org.active:
        raise CaseError("Выберите организацию из справочника.")
    if need not in {n.need for n in case.needs}:
        raise CaseError("Направление делается по одной из нужд случая.")
    referral = Referral(case_id=case.id, need=need, organization_id=org.id, note=note.strip(), status="sent",
                        created_by_id=user.id, created_at=now, updated_at=now)
    s.add(referral)
    s.flush()
    return referral


def set_referral_status(s: Session, case: Case, referral_id: int, status: str, now: datetime) -> None:
    if status not in REFERRAL_STATUSES:
        raise CaseError("Неизвестный статус направления.")
    referral = s.get(Referral, referral_id)
    if referral is None or referral.case_id != case.id:
        raise CaseError("Такого направления в случае нет.")
    referral.status, referral.updated_at = status, now
    if status == "help_received":  # the need this referral served is met
        for item in case.needs:
            if item.need == referral.need and item.status == "open":
                item.status, item.reason, item.updated_at = "resolved", f"помощь получена: {referral.organization.name}", now


def add_task(s: Session, case: Case, title: str, due: datetime, assignee: User) -> Task:
    if not title.strip():
        raise CaseError("Опишите, что нужно сделать.")
    task = Task(case_id=case.id, assignee_id=assignee.id, title=title.strip()[:300], due_at=due)
    s.add(task)
    s.flush()
    return task


def complete_task(s: Session, case: Case, task_id: int, now: datetime) -> None:
    task = s.get(Task, task_id)
    if task is None or task.case_id != case.id:
        raise CaseError("Такой задачи в случае нет.")
    task.done_at = task.done_at or now


def close_case(case: Case, now: datetime) -> None:
    open_needs = [n.need for n in case.needs if n.status == "open"]
    if open_needs:
        names = ", ".join(NEEDS.get(n, n) for n in open_needs)
        raise CaseError(f"Нельзя закрыть случай: не решены нужды — {names}. Решите их или закройте с причиной.")
    case.status, case.closed_at = "closed", now


def add_note(s: Session, req: CallbackRequest, case: Optional[Case], text: str, user: User, now: datetime) -> Note:
    if not text.strip():
        raise CaseError("Пустая заметка.")
    note = Note(request_id=req.id, case_id=case.id if case else None, user_id=user.id, text=text.strip()[:5000], at=now)
    s.add(note)
    return note


def my_tasks(s: Session, user: User) -> list[Task]:
    return list(s.scalars(select(Task).where(Task.assignee_id == user.id, Task.done_at.is_(None))
                         .order_by(Task.due_at)))


def validate_organization(name: str, kind: str) -> None:
    if not name.strip():
        raise CaseError("Укажите название организации.")
    if kind not in ORGANIZATION_KINDS:
        raise CaseError("Выберите вид организации.")
