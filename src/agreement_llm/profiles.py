"""What the model is asked to fill: a draft class and the system prompt that asks for it.

Two profiles, picked by `Settings.draft` ("auto" by default):

| profile | draft       | asks for                                                        | used                     |
|---------|-------------|-----------------------------------------------------------------|--------------------------|
| full    | `Draft`     | everything, the two summaries and the quoted lists included     | by default               |
| core    | `CoreDraft` | status, date, place, parties and their representatives         | `draft="core"`: speed    |

Why two (issue 14, measured in `benchmarks/README.md`): on two cores the embedded model spends ~0.1 s a generated
token, and a full draft is ~660 tokens, most of them in fields that model gets wrong or that code does better; the
core draft is ~180. It is not the default, because on the held-out
articles the embedded model found fewer of the right parties with it (parties F1 0.448 -> 0.329 on dev-test, while
ANLS* rose 0.271 -> 0.311 and the summaries' key facts 0.24/0.20 -> 0.36/0.31): a trade a user picks, not one made
for them. Either way the `Agreement` has the same shape: with the core profile the summary is the brief built from
grounded fields (`briefs.py`), and the lists the model was not asked for are empty.

Replaying recordings, "auto" takes the profile they were recorded with (their `prompt_version`), so a folder of
recordings replays whichever profile made it.

>>> CORE.version.startswith("extract-core@"), FULL.version.startswith("extract@")
(True, True)
>>> sorted(CORE.draft.model_json_schema()["properties"])[:3]
['city', 'country', 'date_phrase']
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .draft import CoreDraft, Draft
from .prompts import MODEL_TEMPLATES, prompt_version, render_messages

if TYPE_CHECKING:
    from .config import Settings

ProfileName = Literal["full", "core"]


@dataclass(frozen=True)
class Profile:
    """A draft class, the system prompt that asks for it, and the prompt version both make."""

    name: ProfileName
    draft: type[Draft]
    system_template: str
    label: str

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
            article, published_at=published_at, tool_name=self.draft.__name__, system=self.system_template
        )


FULL = Profile("full", Draft, MODEL_TEMPLATES[0], "extract")
CORE = Profile("core", CoreDraft, "extract_core.system.j2", "extract-core")
PROFILES: dict[str, Profile] = {"full": FULL, "core": CORE}


def profile_for(settings: Settings, backend: str | None = None) -> Profile:
    """The profile `settings` ask for; "auto": the recordings' own when replaying, else full. `backend`: the
    backend actually built, when known."""
    if settings.draft != "auto":
        return PROFILES[settings.draft]
    backend = backend or settings.resolved_backend
    if backend == "replay" and settings.replay_dir:
        return recorded_profile(Path(settings.replay_dir)) or FULL
    return FULL


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
