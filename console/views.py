"""The coordinators' console: queue, callback card, cases, tasks, supervisor view, directory, audit.

Views are thin: check who may do it, call a plain function (callbacks.queue, cases.service),
render. Every page checks the role; requests and recordings only in the user's regions; every
view of a transcript, recording or full phone number is written to the audit log.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import (Blueprint, abort, current_app, flash, redirect, render_template, request, send_file,
                   url_for)
from flask_login import current_user
from sqlalchemy import func, select

import database
from accounts.auth import LoginRefused, audit, authenticate, end_session, require_role, start_session
from accounts.models import AuditEvent, User
from callbacks import queue
from callbacks.dialer import available as twilio_available
from callbacks.dialer import click_to_call
from callbacks.models import Attempt, CallbackRequest, LabelCorrection, Transition
from cases import service
from cases.models import NEED_STATUSES, ORGANIZATION_KINDS, REFERRAL_STATUSES, Case, Note, Organization, Referral
from classification.triage import due_at, story_text
from database import utcnow
from domain import CALLBACK_TIMES, CATEGORIES, NEEDS, URGENCIES
from ivr import phones, signature
from ivr.models import Call, Recording
from transcripts.models import Transcript

bp = Blueprint("console", __name__, template_folder="templates", static_folder="static",
               static_url_path="/console-static")
ALL = ("coordinator", "supervisor", "admin")
WORKERS = ("coordinator", "supervisor")
OVERSIGHT = ("supervisor", "admin")


def _now() -> datetime:
    return current_app.config.get("CLOCK", utcnow)()


def _s():
    return database.session()


@bp.app_context_processor
def _labels():
    return {"CATEGORIES": CATEGORIES, "NEEDS": NEEDS, "URGENCIES": URGENCIES, "OUTCOMES": queue.OUTCOMES,
            "NEED_STATUSES": NEED_STATUSES, "REFERRAL_STATUSES": REFERRAL_STATUSES,
            "ORGANIZATION_KINDS": ORGANIZATION_KINDS, "masked": phones.masked, "STATUS": queue.STATUS_NAMES, "CALLBACK_TIMES": CALLBACK_TIMES,
            "regions": current_app.config["SETTINGS"].regions, "now": _now(), "sla": _sla, "local_time": _local_time}


@bp.app_template_filter("labels")
def _labels_of(keys, names: dict) -> str:
    """['home_care', 'benefits'] | labels(NEEDS) -> 'уход на дому, выплаты, льготы, документы'."""
    return ", ".join(names.get(k, k) for k in (keys or []))


def _sla(req: CallbackRequest) -> tuple[str, bool]:
    """'осталось 3 ч 10 мин' / 'просрочено на 2 ч' — and whether it is overdue."""
    if req.due_at is None:
        return "—", False
    delta = req.due_at - _now()
    overdue = delta.total_seconds() < 0
    minutes = int(abs(delta.total_seconds()) // 60)
    text = f"{minutes // 60} ч {minutes % 60} мин" if minutes >= 60 else f"{minutes} мин"
    return (f"просрочено на {text}" if overdue else f"осталось {text}"), overdue


def _local_time(req: CallbackRequest) -> str:
    tz = req.timezone or current_app.config["SETTINGS"].ivr.default_timezone
    return f"{_now().astimezone(ZoneInfo(tz)):%H:%M} ({tz})"


def _request_or_404(request_id: int) -> CallbackRequest:
    req = _s().get(CallbackRequest, request_id)
    if req is None:
        abort(404)
    if not current_user.may_see_region(req.region):
        abort(403)
    return req


def _case_or_404(case_id: int) -> tuple[Case, CallbackRequest]:
    case = _s().get(Case, case_id)
    if case is None:
        abort(404)
    return case, _request_or_404(case.request_id)


def _back(req_id: int):
    return redirect(url_for("console.request_card", request_id=req_id))


# --- login ----------------------------------------------------------------------------------

@bp.route("/login", methods=["GET", "POST"])
def login():
    error = None
    if request.method == "POST":
        try:
            user = authenticate(request.form.get("username", ""), request.form.get("password", ""), _now())
        except LoginRefused as exc:
            error = str(exc)
        else:
            start_session(user)
            target = request.args.get("next") or ""
            if not target.startswith("/") or target.startswith("//") or urlsplit(target).netloc:
                target = url_for("console.queue_page")
            return redirect(target)
    if request.args.get("expired"):
        error = error or "Сеанс завершён из-за бездействия. Войдите снова."
    return render_template("login.html", error=error), (401 if error and request.method == "POST" else 200)


@bp.post("/logout")
@require_role(*ALL)
def logout():
    audit("logout", "user", current_user.id)
    _s().commit()
    end_session()
    return redirect(url_for("console.login"))


# --- the queue ------------------------------------------------------------------------------

@bp.get("/")
@require_role(*ALL)
def queue_page():
    s, now = _s(), _now()
    held = queue.held_by(s, current_user, now)
    return render_template("queue.html", waiting=queue.waiting(s, current_user, now), held=held,
                           in_window=lambda r: queue.in_window(r, now))


@bp.post("/queue/next")
@require_role(*WORKERS)
def take_next():
    s = _s()
    req = queue.claim_next(s, current_user, _now())
    s.commit()
    if req is None:
        flash("Сейчас некому перезванивать: очередь пуста или у заявителей нерабочее время.", "info")
        return redirect(url_for("console.queue_page"))
    return _back(req.id)


# --- the callback card ----------------------------------------------------------------------

@bp.get("/requests/<int:request_id>")
@require_role(*ALL)
def request_card(request_id: int):
    s = _s()
    req = _request_or_404(request_id)
    calls = list(s.scalars(select(Call).where(Call.callback_request_id == req.id).order_by(Call.started_at)))
    call_ids = [c.id for c in calls]
    transcripts = list(s.scalars(select(Transcript).where(Transcript.call_id.in_(call_ids))
                                 .order_by(Transcript.created_at))) if call_ids else []
    recordings = list(s.scalars(select(Recording).where(Recording.call_id.in_(call_ids),
                                                        Recording.status == "stored"))) if call_ids else []
    history = list(s.scalars(select(CallbackRequest).where(CallbackRequest.phone_e164 == req.phone_e164,
                                                           CallbackRequest.id != req.id)
                             .order_by(CallbackRequest.first_call_at.desc())))
    if transcripts:
        audit("view_transcript", "callback_request", req.id)
    s.commit()
    return render_template(
        "request.html", req=req, calls=calls, transcripts=transcripts, recordings=recordings, history=history,
        transitions=list(s.scalars(select(Transition).where(Transition.request_id == req.id).order_by(Transition.id))),
        attempts=list(s.scalars(select(Attempt).where(Attempt.request_id == req.id).order_by(Attempt.id))),
        notes=list(s.scalars(select(Note).where(Note.request_id == req.id).order_by(Note.at))),
        case=s.scalars(select(Case).where(Case.request_id == req.id)).first(),
        mine=req.claimed_by_id == current_user.id and req.status in ("claimed", "calling"),
        can_dial=twilio_available(current_user), in_window=queue.in_window(req, _now()),
        users={u.id: u for u in s.scalars(select(User))},
    )


@bp.post("/requests/<int:request_id>/phone")
@require_role(*WORKERS)
def reveal_phone(request_id: int):
    req = _request_or_404(request_id)
    audit("view_phone", "callback_request", req.id)
    _s().commit()
    flash(f"Номер заявителя: {req.phone_e164}", "phone")
    return _back(req.id)


def _queue_action(request_id: int, action) -> object:
    s, req = _s(), _request_or_404(request_id)
    try:
        result = action(s, req)
    except (queue.QueueError, service.CaseError) as exc:
        s.rollback()
        flash(str(exc), "error")
        return _back(request_id)
    s.commit()
    return result or _back(request_id)


@bp.post("/requests/<int:request_id>/release")
@require_role(*WORKERS)
def release(request_id: int):
    return _queue_action(request_id, lambda s, req: queue.release(s, req, current_user, _now()) or
                         redirect(url_for("console.queue_page")))


@bp.post("/requests/<int:request_id>/call")
@require_role(*WORKERS)
def call(request_id: int):
    def action(s, req):
        if request.form.get("method") == "twilio":
            click_to_call(s, req, current_user, _now(), signature.public_root(request, current_app.config["SETTINGS"]))
            flash("Twilio звонит на ваш телефон; после ответа соединит с заявителем.", "info")
        else:
            queue.start_call(s, req, current_user, _now(), method="manual")
            audit("view_phone", "callback_request", req.id, reason="manual dial")
            flash(f"Наберите номер вручную: {req.phone_e164}", "phone")

    return _queue_action(request_id, action)


@bp.post("/requests/<int:request_id>/outcome")
@require_role(*WORKERS)
def outcome(request_id: int):
    def action(s, req):
        result = request.form.get("outcome", "")
        queue.record_outcome(s, req, result, current_user, _now())
        queue.schedule_retry(req)
        if result == "reached":
            case = service.open_case(s, req, current_user, _now())
            s.commit()
            flash("Дозвонились — открыт случай сопровождения.", "info")
            return redirect(url_for("console.case_page", case_id=case.id))
        flash(f"Отмечено: {queue.OUTCOMES.get(result, result)}.", "info")
        return redirect(url_for("console.queue_page"))

    return _queue_action(request_id, action)


@bp.post("/requests/<int:request_id>/labels")
@require_role(*WORKERS)
def correct_labels(request_id: int):
    """The coordinator corrects the pre-classification; the correction is kept as labelled data."""
    def action(s, req):
        category = request.form.get("category")
        needs = [n for n in request.form.getlist("needs") if n in NEEDS]
        urgency = request.form.get("urgency")
        if category not in CATEGORIES or urgency not in URGENCIES or not needs:
            raise queue.QueueError("Выберите категорию, срочность и хотя бы одну нужду.")
        before = {"category": req.category, "needs": list(req.needs), "urgency": req.urgency}
        after = {"category": category, "needs": needs, "urgency": urgency}
        if before != after:
            s.add(LabelCorrection(request_id=req.id, user_id=current_user.id, before=before, after=after,
                                  story=story_text(s, req), at=_now()))
            req.category, req.needs, req.urgency, req.corrected_at = category, needs, urgency, _now()
            from classification.triage import priority_of

            req.priority = priority_of(urgency, category)
            req.due_at = due_at(req)
            flash("Исправлено. Спасибо — это пойдёт в обучающие данные.", "info")

    return _queue_action(request_id, action)


@bp.post("/requests/<int:request_id>/notes")
@require_role(*WORKERS)
def add_note(request_id: int):
    def action(s, req):
        case = s.scalars(select(Case).where(Case.request_id == req.id)).first()
        service.add_note(s, req, case, request.form.get("text", ""), current_user, _now())

    return _queue_action(request_id, action)


@bp.get("/recordings/<int:recording_id>")
@require_role(*ALL)
def recording(recording_id: int):
    s = _s()
    rec = s.get(Recording, recording_id)
    if rec is None or rec.status != "stored" or not rec.path:
        abort(404)
    call = s.get(Call, rec.call_id)
    if call.callback_request_id is None:
        abort(404)
    req = _request_or_404(call.callback_request_id)
    if request.headers.get("Range", "bytes=0-").startswith("bytes=0-"):  # not the player's follow-up ranges
        audit("play_recording", "recording", rec.id, request_id=req.id)
        s.commit()
    return send_file(rec.path, mimetype="audio/wav", conditional=True, max_age=0)


# --- cases ----------------------------------------------------------------------------------

@bp.get("/cases")
@require_role(*ALL)
def cases_page():
    s = _s()
    query = select(Case).order_by(Case.status.desc(), Case.opened_at.desc())
    if current_user.role == "coordinator":
        query = query.where(Case.coordinator_id == current_user.id)
    cases = [c for c in s.scalars(query) if current_user.may_see_region(s.get(CallbackRequest, c.request_id).region)]
    return render_template("cases.html", cases=cases, requests={c.request_id: s.get(CallbackRequest, c.request_id)
                                                                for c in cases})


@bp.get("/cases/<int:case_id>")
@require_role(*ALL)
def case_page(case_id: int):
    s = _s()
    case, req = _case_or_404(case_id)
    return render_template("case.html", case=case, req=req,
                           organizations=list(s.scalars(select(Organization).where(Organization.active)
                                                        .order_by(Organization.kind, Organization.name))),
                           notes=list(s.scalars(select(Note).where(Note.case_id == case.id).order_by(Note.at))),
                           users={u.id: u for u in s.scalars(select(User))})


def _case_action(case_id: int, action):
    s = _s()
    case, req = _case_or_404(case_id)
    try:
        action(s, case, req)
    except service.CaseError as exc:
        s.rollback()
        flash(str(exc), "error")
    else:
        s.commit()
    return redirect(url_for("console.case_page", case_id=case_id))


@bp.post("/cases/<int:case_id>/needs")
@require_role(*WORKERS)
def case_need(case_id: int):
    def action(s, case, req):
        if request.form.get("need_id"):
            service.set_need_status(case, int(request.form["need_id"]), request.form.get("status", ""),
                                    request.form.get("reason", ""), _now())
        else:
            service.add_need(s, case, request.form.get("need", ""), _now())

    return _case_action(case_id, action)


@bp.post("/cases/<int:case_id>/referrals")
@require_role(*WORKERS)
def case_referral(case_id: int):
    def action(s, case, req):
        if request.form.get("referral_id"):
            service.set_referral_status(s, case, int(request.form["referral_id"]), request.form.get("status", ""),
                                        _now())
        else:
            org = request.form.get("organization_id", "")
            service.refer(s, case, request.form.get("need", ""), int(org) if org.isdigit() else 0,
                          request.form.get("note", ""), current_user, _now())

    return _case_action(case_id, action)


@bp.post("/cases/<int:case_id>/tasks")
@require_role(*WORKERS)
def case_task(case_id: int):
    def action(s, case, req):
        if request.form.get("task_id"):
            service.complete_task(s, case, int(request.form["task_id"]), _now())
            return
        try:
            due = datetime.fromisoformat(request.form.get("due", "")).replace(tzinfo=ZoneInfo(
                req.timezone or current_app.config["SETTINGS"].ivr.default_timezone))
        except ValueError:
            raise service.CaseError("Укажите срок задачи.")
        service.add_task(s, case, request.form.get("title", ""), due, current_user)

    return _case_action(case_id, action)


@bp.post("/cases/<int:case_id>/close")
@require_role(*WORKERS)
def case_close(case_id: int):
    return _case_action(case_id, lambda s, case, req: service.close_case(case, _now()))


@bp.post("/cases/<int:case_id>/notes")
@require_role(*WORKERS)
def case_note(case_id: int):
    return _case_action(case_id, lambda s, case, req: service.add_note(s, req, case, request.form.get("text", ""),
                                                                       current_user, _now()))


@bp.get("/tasks")
@require_role(*WORKERS)
def tasks_page():
    return render_template("tasks.html", tasks=service.my_tasks(_s(), current_user))


# --- supervisors and admins -----------------------------------------------------------------

@bp.get("/supervisor")
@require_role(*OVERSIGHT)
def supervisor_page():
    s, now = _s(), _now()
    open_reqs = list(s.scalars(select(CallbackRequest).where(CallbackRequest.status.in_(
        ("queued", "claimed", "calling", "waiting_retry"))).order_by(*queue.queue_order())))
    unreachable = list(s.scalars(select(CallbackRequest).where(CallbackRequest.status == "unreachable")
                                 .order_by(CallbackRequest.closed_at.desc()).limit(100)))
    all_reqs = list(s.scalars(select(CallbackRequest)))
    by_region = Counter((r.region or "other") for r in open_reqs)
    overdue = [r for r in open_reqs if r.due_at and r.due_at < now]
    refused = s.execute(select(Referral.need, Organization.kind, func.count())
                        .join(Organization, Organization.id == Referral.organization_id)
                        .where(Referral.status == "refused").group_by(Referral.need, Organization.kind)).all()
    picture = {
        "categories": Counter(r.category or "other" for r in all_reqs),
        "needs": Counter(n for r in all_reqs for n in (r.needs or [])),
        "gaps": sorted(refused, key=lambda row: -row[2]),   # where agencies said no: the system's gaps
    }
    return render_template("supervisor.html", open_reqs=open_reqs, unreachable=unreachable, by_region=by_region,
                           overdue=overdue, picture=picture, users={u.id: u for u in s.scalars(select(User))})


@bp.route("/organizations", methods=["GET", "POST"])
@require_role(*ALL)
def organizations_page():
    s = _s()
    if request.method == "POST":
        if current_user.role != "admin":
            abort(403)
        try:
            name, kind = request.form.get("name", ""), request.form.get("kind", "")
            service.validate_organization(name, kind)
        except service.CaseError as exc:
            flash(str(exc), "error")
        else:
            org_id = request.form.get("organization_id", "")
            org = s.get(Organization, int(org_id)) if org_id.isdigit() else Organization()
            org.name, org.kind = name.strip(), kind
            org.region = request.form.get("region") or None
            org.contacts = request.form.get("contacts", "").strip()
            org.active = request.form.get("active", "1") == "1"
            s.add(org)
            s.commit()
            flash("Справочник обновлён.", "info")
        return redirect(url_for("console.organizations_page"))
    return render_template("organizations.html",
                           organizations=list(s.scalars(select(Organization).order_by(Organization.kind,
                                                                                      Organization.name))))


@bp.get("/audit")
@require_role(*OVERSIGHT)
def audit_page():
    s = _s()
    events = list(s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(500)))
    return render_template("audit.html", events=events, users={u.id: u for u in s.scalars(select(User))})


@bp.get("/users")
@require_role("admin")
def users_page():
    return render_template("users.html", users=list(_s().scalars(select(User).order_by(User.id))))


@bp.app_errorhandler(403)
def forbidden(_exc):
    return render_template("error.html", code=403, message="Нет доступа к этой странице."), 403


@bp.app_errorhandler(404)
def not_found(_exc):
    if request.blueprint == "voice":
        return "not found\n", 404
    return render_template("error.html", code=404, message="Страница не найдена."), 404
