"""Runs a call flow: from the caller's state and latest input to the next TwiML answer.

Pure logic — no database, no HTTP, no Twilio account — so every path of a flow can be
tested directly. The state is a plain dict the webhook layer stores with the call.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Optional
from zoneinfo import ZoneInfo

from twilio.twiml.voice_response import Gather, Start, Stop, VoiceResponse

from domain import URGENCY_RANK
from ivr import hours, phones
from ivr.flow_loader import Flow
from ivr.flow_schema import (
    BranchNode,
    CollectNumberNode,
    Condition,
    HangupNode,
    MenuNode,
    RecordNode,
    SayNode,
    SetNode,
    TransferNode,
)
from settings import Region


class FlowRuntimeError(Exception):
    """The flow cannot go on for this call (e.g. an endless loop); the webhook answers safely."""


@dataclass
class CallContext:
    """What the engine may know about the world for one step."""

    caller: phones.PhoneInfo
    now: datetime
    regions: dict[str, Region]
    step_seq: int
    recording_callback_url: str
    max_nodes: int = 50
    stream_url: Optional[str] = None  # wss:// URL of the live transcription endpoint

    @property
    def step_url(self) -> str:
        return f"/voice/step?seq={self.step_seq}"


@dataclass
class Input:
    """What Twilio reported for the verb the caller was in."""

    digits: Optional[str] = None
    speech: Optional[str] = None
    recording_sid: Optional[str] = None
    recording_url: Optional[str] = None
    recording_duration: Optional[int] = None
    dial_status: Optional[str] = None


@dataclass
class Step:
    state: dict[str, Any]
    response: VoiceResponse
    finished: bool = False
    visited: list[str] = field(default_factory=list)

    @property
    def node(self) -> Optional[str]:
        return self.state.get("node")


LIVE_STREAM = "story"
_SPEECH_CLEAN = re.compile(r"[^\w\s]+", re.UNICODE)


def initial_state(caller: phones.PhoneInfo) -> dict[str, Any]:
    vars_: dict[str, Any] = {"needs": [], "urgency": "normal", "choices": []}
    if caller.region:
        vars_["region"] = caller.region
        vars_["region_source"] = "caller_id"
    return {"node": None, "phase": None, "attempts": 0, "vars": vars_}


def apply_set(vars_: dict[str, Any], values: dict[str, Any]) -> None:
    """Set variables from the flow; urgency only ever rises, so a crisis is never undone."""
    for key, value in values.items():
        if key == "need":
            if value not in vars_.setdefault("needs", []):
                vars_["needs"].append(value)
        elif key == "needs":
            vars_["needs"] = list(value) if isinstance(value, list) else [value]
        elif key == "urgency":
            current = vars_.get("urgency", "normal")
            if URGENCY_RANK[value] > URGENCY_RANK.get(current, 0):
                vars_["urgency"] = value
        else:
            vars_[key] = value


class Engine:
    def __init__(self, flow: Flow, ctx: CallContext):
        self.flow = flow
        self.ctx = ctx
        self.h = flow.header

    # --- entry points -------------------------------------------------------------------

    def start(self) -> Step:
        state = initial_state(self.ctx.caller)
        return self._run(self.h.start, state, VoiceResponse())

    def interrupt_for_crisis(self, state: dict[str, Any]) -> Step:
        """The live transcript heard a threat to life: stop what the caller is doing, go to the
        flow's crisis node (112, an operator), and mark the call as crisis."""
        if not self.h.crisis_node:
            raise FlowRuntimeError("the flow has no crisis_node")
        state = copy.deepcopy(state)
        resp = VoiceResponse()
        node = self.flow.nodes.get(state.get("node") or "")
        if isinstance(node, RecordNode) and node.live_transcription and self.ctx.stream_url:
            stop = Stop()
            stop.stream(name=LIVE_STREAM)
            resp.append(stop)
        apply_set(state["vars"], {"urgency": "crisis"})
        state["vars"]["crisis_heard"] = True
        return self._run(self.h.crisis_node, state, resp)

    def resume(self, state: dict[str, Any], inp: Input) -> Step:
        state = copy.deepcopy(state)
        name = state.get("node")
        node = self.flow.nodes.get(name) if name else None
        if node is None:
            raise FlowRuntimeError(f"call is at unknown node {name!r}")
        resp = VoiceResponse()
        if state.pop("answer_stream", None) is not None:  # the menu's listener is no longer needed
            stop = Stop()
            stop.stream(name=f"answer-{self.ctx.step_seq - 1}")
            resp.append(stop)
        handler = {
            MenuNode: self._menu_input,
            RecordNode: self._record_input,
            CollectNumberNode: self._number_input,
            TransferNode: self._transfer_input,
        }.get(type(node))
        if handler is None:
            raise FlowRuntimeError(f"node {name!r} does not wait for input")
        return handler(node, state, inp, resp)

    # --- running nodes ------------------------------------------------------------------

    def _run(self, name: str, state: dict[str, Any], resp: VoiceResponse,
             visited: Optional[list[str]] = None) -> Step:
        visited = visited or []
        while True:
            if len(visited) >= self.ctx.max_nodes:
                raise FlowRuntimeError(f"more than {self.ctx.max_nodes} nodes without input: {visited[-5:]}")
            node = self.flow.nodes[name]
            visited.append(name)
            state.update(node=name, phase=None, attempts=0, wait=node.type)
            if isinstance(node, SayNode):
                if node.play:
                    resp.play(node.play)
                self._say(resp, node.text, state)
                name = node.next
            elif isinstance(node, SetNode):
                apply_set(state["vars"], node.set)
                name = node.next
            elif isinstance(node, BranchNode):
                name = next((r.next for r in node.rules if self._holds(r.if_, state)), node.otherwise)
            elif isinstance(node, MenuNode):
                self._ask_menu(node, state, resp)
                return Step(state, resp, visited=visited)
            elif isinstance(node, RecordNode):
                if node.live_transcription and self.ctx.stream_url:
                    start = Start()
                    start.stream(name=LIVE_STREAM, url=self.ctx.stream_url, track="inbound_track")
                    resp.append(start)
                self._say(resp, node.prompt, state)
                resp.record(
                    action=self.ctx.step_url, method="POST", max_length=node.max_length,
                    finish_on_key=node.finish_key, timeout=node.silence_timeout,
                    play_beep=node.beep, trim="trim-silence",
                    recording_status_callback=self.ctx.recording_callback_url,
                    recording_status_callback_method="POST",
                    recording_status_callback_event="completed",
                )
                # Reached only when nothing was recorded (Twilio then skips the action URL).
                resp.redirect(self.ctx.step_url, method="POST")
                return Step(state, resp, visited=visited)
            elif isinstance(node, CollectNumberNode):
                state["phase"] = "confirm" if self.ctx.caller.usable else "enter"
                self._ask_number(node, state, resp)
                return Step(state, resp, visited=visited)
            elif isinstance(node, TransferNode):
                if node.prompt:
                    self._say(resp, node.prompt, state)
                resp.dial(node.number, action=self.ctx.step_url, method="POST", timeout=node.timeout)
                return Step(state, resp, visited=visited)
            elif isinstance(node, HangupNode):
                if node.prompt:
                    self._say(resp, node.prompt, state)
                resp.hangup()
                return Step(state, resp, finished=True, visited=visited)
            else:  # pragma: no cover - the schema admits no other kinds
                raise FlowRuntimeError(f"unknown node kind {type(node).__name__}")

    # --- menus --------------------------------------------------------------------------

    def _ask_menu(self, node: MenuNode, state: dict, resp: VoiceResponse, preface: str | None = None) -> None:
        kwargs: dict[str, Any] = {}
        words = [w for opt in node.options.values() for w in opt.words]
        if node.speech and words and self.h.speech_engine == "twilio":
            kwargs.update(input="dtmf speech", speech_timeout="auto", hints=", ".join(words))
        elif node.speech and words and self.ctx.stream_url:
            # Offline: our Vosk listens on a media stream for these phrases and, on hearing one,
            # redirects the call to this step with ?speech=…; keys keep working meanwhile.
            state["answer_stream"] = f"answer-{self.ctx.step_seq}"
            start = Start()
            stream = start.stream(name=state["answer_stream"], url=self.ctx.stream_url, track="inbound_track")
            stream.parameter(name="purpose", value="menu")
            stream.parameter(name="seq", value=str(self.ctx.step_seq))
            stream.parameter(name="phrases", value="|".join(words))
            resp.append(start)
        g = resp.gather(
            action=self.ctx.step_url, method="POST", num_digits=1, finish_on_key="",
            timeout=node.timeout or self.h.input_timeout, action_on_empty_result=True,
            language=self.h.language, **kwargs,
        )
        if preface:
            self._say(g, preface, state)
        self._say(g, node.prompt, state)

    def _match_speech(self, node: MenuNode, speech: str) -> Optional[str]:
        said = f" {_SPEECH_CLEAN.sub(' ', speech.lower())} "
        for key, opt in node.options.items():
            if any(f" {w.lower()} " in said for w in opt.words):
                return key
        return None

    def _menu_input(self, node: MenuNode, state: dict, inp: Input, resp: VoiceResponse) -> Step:
        key = (inp.digits or "").strip()
        if not key and inp.speech and node.speech:
            key = self._match_speech(node, inp.speech) or "?"
        if key == node.repeat_key:
            self._ask_menu(node, state, resp)
            return Step(state, resp, visited=[state["node"]])
        option = node.options.get(key)
        if option is not None:
            state["vars"]["choices"].append([state["node"], key])
            apply_set(state["vars"], option.set)
            if option.say:
                self._say(resp, option.say, state)
            return self._run(option.next, state, resp)
        return self._retry(node, state, resp, self._menu_retry_text(node, key),
                           lambda preface: self._ask_menu(node, state, resp, preface),
                           lambda: self._run(node.fallback, state, resp))

    def _menu_retry_text(self, node: MenuNode, key: str) -> str:
        if key:
            return node.invalid or self.h.texts.invalid
        return node.no_input or self.h.texts.no_input

    def _retry(self, node, state: dict, resp: VoiceResponse, preface: str, ask, give_up) -> Step:
        state["attempts"] += 1
        if state["attempts"] >= node.attempts:
            return give_up()
        ask(preface)
        return Step(state, resp, visited=[state["node"]])

    # --- recording ----------------------------------------------------------------------

    def _record_input(self, node: RecordNode, state: dict, inp: Input, resp: VoiceResponse) -> Step:
        if node.live_transcription and self.ctx.stream_url:
            stop = Stop()
            stop.stream(name=LIVE_STREAM)
            resp.append(stop)
        if inp.recording_url:
            state["vars"].update(recording_sid=inp.recording_sid, recording_duration=inp.recording_duration)
        elif node.no_audio:
            self._say(resp, node.no_audio, state)
        return self._run(node.next, state, resp)

    # --- callback number ----------------------------------------------------------------

    def _ask_number(self, node: CollectNumberNode, state: dict, resp: VoiceResponse,
                    preface: str | None = None) -> None:
        phase = state["phase"]
        if phase == "enter":
            g = resp.gather(action=self.ctx.step_url, method="POST", finish_on_key="#",
                            timeout=node.timeout, action_on_empty_result=True, language=self.h.language)
            prompt = node.enter_prompt
        else:
            g = resp.gather(action=self.ctx.step_url, method="POST", num_digits=1, finish_on_key="",
                            timeout=node.timeout, action_on_empty_result=True, language=self.h.language)
            prompt = node.confirm_prompt if phase == "confirm" else node.readback_prompt
        if preface:
            self._say(g, preface, state)
        self._say(g, prompt, state)

    def _number_input(self, node: CollectNumberNode, state: dict, inp: Input, resp: VoiceResponse) -> Step:
        digits = (inp.digits or "").strip().rstrip("#")
        phase = state["phase"]
        vars_ = state["vars"]

        def accept(number: str, source: str) -> Step:
            vars_.update(callback_number=number, callback_number_source=source)
            state.pop("pending_number", None)
            return self._run(node.next, state, resp)

        def give_up() -> Step:
            if self.ctx.caller.usable:
                return accept(self.ctx.caller.e164, "caller_id")
            return self._run(node.fallback, state, resp)

        def ask(preface: str | None) -> None:
            self._ask_number(node, state, resp, preface)

        if phase == "confirm" and digits == "1":
            return accept(self.ctx.caller.e164, "confirmed")
        if phase == "readback" and digits == "1":
            return accept(state["pending_number"], "entered")
        if phase in ("confirm", "readback") and digits == "2":
            state["phase"] = "enter"
            ask(None)
            return Step(state, resp, visited=[state["node"]])
        if phase == "enter" and digits:
            number = phones.normalise(digits)
            if number:
                state.update(phase="readback", pending_number=number)
                ask(None)
                return Step(state, resp, visited=[state["node"]])
            return self._retry(node, state, resp, node.invalid_prompt, ask, give_up)
        preface = (node.no_input or self.h.texts.no_input) if not digits else self.h.texts.invalid
        return self._retry(node, state, resp, preface, ask, give_up)

    # --- transfer -----------------------------------------------------------------------

    def _transfer_input(self, node: TransferNode, state: dict, inp: Input, resp: VoiceResponse) -> Step:
        state["vars"]["transfer_status"] = inp.dial_status or "unknown"
        if inp.dial_status in ("completed", "answered"):
            return self._run(node.next, state, resp)
        return self._run(node.on_fail, state, resp)

    # --- conditions and prompts ---------------------------------------------------------

    def timezone(self, state: dict) -> str:
        region = self.ctx.regions.get(state["vars"].get("region") or "")
        return (region.timezone if region else None) or self.ctx.caller.timezone or self.h.timezone

    def _holds(self, cond: Condition, state: dict) -> bool:
        vars_ = state["vars"]
        if cond.caller_id_usable is not None and cond.caller_id_usable != self.ctx.caller.usable:
            return False
        if cond.within_hours is not None:
            local = self.ctx.now.astimezone(ZoneInfo(self.timezone(state)))
            if hours.is_open(self.flow.hours, local) != cond.within_hours:
                return False
        if cond.var is not None:
            value = vars_.get(cond.var)
            values = value if isinstance(value, list) else ([] if value in (None, "") else [value])
            if cond.is_set is not None and bool(values) != cond.is_set:
                return False
            if cond.equals is not None and cond.equals not in values:
                return False
            if cond.one_of is not None and not set(cond.one_of) & set(values):
                return False
        return True

    def prompt_values(self, state: dict) -> dict[str, str]:
        vars_ = state["vars"]
        texts = self.h.texts
        callback = vars_.get("callback_number") or self.ctx.caller.e164
        region = self.ctx.regions.get(vars_.get("region") or "")
        return {
            "caller_number": phones.spoken(self.ctx.caller.e164) or texts.number_unknown,
            "callback_number": phones.spoken(callback) or texts.number_unknown,
            "entered_number": phones.spoken(state.get("pending_number")),
            "callback_when": hours.callback_when(self.flow.hours, self.ctx.now, self.timezone(state), texts),
            "region_name": region.name if region else "",
        }

    def _say(self, target: VoiceResponse | Gather, text: str, state: dict) -> None:
        if "{" in text:
            text = text.format_map(self.prompt_values(state))
        target.say(text, voice=self.h.voice, language=self.h.language)
