"""What the model is asked to fill: a draft class, the system prompt that asks for it, and where the reply stops.

Three profiles, picked by `Settings.draft` ("auto" by default):

| profile | draft       | asks for                                                              | used by "auto"       |
|---------|-------------|-----------------------------------------------------------------------|----------------------|
| full    | `Draft`     | everything, the two summaries and the quoted lists included           | endpoints            |
| lean    | `LeanDraft` | the full draft's own request, its reply cut after the parties         | the embedded model   |
| core    | `CoreDraft` | status, date, place, parties and their representatives, a short prompt | never (`draft="core"`) |

Why (issue 14, measured in `benchmarks/README.md`): the embedded model writes a full draft's ~620 tokens at ~28 a
second on two cores, most of them in fields it gets wrong or that code does better (instruments, the quoted lists,
the summaries: the brief built from grounded fields covers more key facts). The model writes fields in the schema's
order, each conditioned only on what came before it, so the lean draft sends the full draft's request token for token
and stops the reply at `"instruments"`: status, date, place and parties are the full draft's own (the same tokens on
all 29 seeds and dev-test articles recorded both ways), in ~220 tokens: a median of 16.6 s an article against 33.2 s.
The core draft also shortens the prompt; on the held-out articles it found fewer of the right parties (parties F1
0.368 -> 0.329 on dev-test), so it is kept only for comparison. Whatever the profile, the `Agreement` has the same
shape: without a summary from the model it is the brief built from grounded fields (`briefs.py`), the sectors are
those the article's words name (`sectors.py`), and the other lists the model did not write are empty.

Replaying recordings, "auto" takes the profile they were recorded with (their `prompt_version`), so a folder of
recordings replays whichever profile made it.

>>> CORE.version.startswith("extract-core@"), FULL.version.startswith("extract@"), LEAN.version.startswith("extract-lean@")
(True, True, True)
>>> sorted(CORE.draft.model_json_schema()["properties"])[:3]
['city', 'country', 'date_phrase']
>>> LEAN.tool_name, LEAN.stop
('Draft', ('"instruments"',))
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .draft import CoreDraft, Draft, LeanDraft
from .errors import ConfigurationError
from .prompts import MODEL_TEMPLATES, prompt_version, render_messages

if TYPE_CHECKING:
    from .config import Settings

ProfileName = Literal["full", "core", "lean"]


@dataclass(frozen=True)
class Profile:
    """A draft class, the system prompt that asks for it, and the prompt version both make."""

    name: ProfileName
    draft: type[Draft]
    system_template: str
    label: str
    stop: tuple[str, ...] = ()  # where the reply is cut (lean: at the first key after the parties)

    @property
    def version(self) -> str:
        """The prompt version: recordings, caches and resume keys are only valid for the prompt they were made
        with."""
        return prompt_version(self.system_template, self.label)

    @cached_property
    def response_model(self) -> type[Draft]:
        """The draft as instructor wants it, wrapped once, not per call (see `_instructor`): the tool schema is
        built once and bulk runs keep memory flat."""
        from . import _instructor

        return _instructor.response_model(self.draft)

    def messages(self, article: str, published_at: str | None) -> list[dict[str, str]]:
        """The chat messages for one article."""
        return render_messages(
            article, published_at=published_at, tool_name=self.tool_name, system=self.system_template
        )

    @property
    def tool_name(self) -> str:
        """The name of the tool the model fills (the schema's title: the lean draft's is the full draft's)."""
        return str(self.draft.model_config.get("title") or self.draft.__name__)


FULL = Profile("full", Draft, MODEL_TEMPLATES[0], "extract")
CORE = Profile("core", CoreDraft, "extract_core.system.j2", "extract-core")


def _key_after(draft: type[Draft], field: str) -> str:
    """The key the model writes after `field` (it writes them in the order the fields are declared)."""
    keys = list(draft.model_fields)
    return keys[keys.index(field) + 1]


LEAN = Profile("lean", LeanDraft, MODEL_TEMPLATES[0], "extract-lean", stop=(f'"{_key_after(Draft, "parties")}"',))
PROFILES: dict[str, Profile] = {"full": FULL, "core": CORE, "lean": LEAN}


def profile_for(settings: Settings, backend: str | None = None) -> Profile:
    """The profile `settings` ask for; "auto": the recordings' own when replaying, lean for the embedded model, else
    full. `backend`: the backend actually built, when known.

    The lean draft's reply is cut by a stop sequence and closed by the embedded transport (`close_cut_tool_calls`),
    in tools mode; an endpoint (a batch file included) or another mode would hand back the cut JSON, so asking for it
    there is refused before any call is made, and "auto" picks the full draft there.
    """
    backend = backend or settings.resolved_backend
    # The cut reply is closed only where tool calls come back from the embedded transport (`close_cut_tool_calls`).
    closes_cut_replies = settings.resolved_backend != "openai" and settings.mode in ("tools", "tools_strict")
    if settings.draft != "auto":
        if PROFILES[settings.draft].stop and not closes_cut_replies:
            raise ConfigurationError(
                f"draft={settings.draft!r} runs on the embedded model in tools mode only (its reply is cut after the "
                "parties and closed by the embedded transport); with an endpoint or another mode use draft='full' "
                "(or 'core')"
            )
        return PROFILES[settings.draft]
    if backend == "replay" and settings.replay_dir:
        return recorded_profile(Path(settings.replay_dir)) or FULL
    return LEAN if backend == "embedded" and closes_cut_replies else FULL


def recorded_profile(folder: Path) -> Profile | None:
    """The profile the recordings in `folder` were made with (None: no readable recording there)."""
    for path in sorted(folder.glob("*.json")):
        try:
            version = json.loads(path.read_text(encoding="utf-8")).get("prompt_version", "")
        except (OSError, ValueError, AttributeError):
            continue
        if isinstance(version, str) and version:
            label = version.split("@", 1)[0]
            return next((p for p in PROFILES.values() if p.label == label), None)
    return None
