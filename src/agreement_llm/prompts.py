"""Load and render the Jinja templates in `prompts/`.

The article is passed to the template as data: Jinja never renders the *value* of a variable, so an article that
contains `{{ ... }}` is sent as written. (We never pass instructor's `context=`, which would render message
contents as templates a second time.) Templates are strict: a missing variable is an error, not an empty string.

The prompt version is derived from the templates' bytes, so a recording or a cached result can never be replayed
against a prompt it was not made with.

>>> messages = render_messages("وقعت الجمعية اتفاقية {{ x }}", published_at=None, tool_name="Draft")
>>> messages[1]["content"].splitlines()[2]
'وقعت الجمعية اتفاقية {{ x }}'
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import jinja2

TEMPLATES = ("extract.system.j2", "extract.user.j2", "fallback_summary.j2", "extract_core.system.j2")
MODEL_TEMPLATES = TEMPLATES[:2]
"""The templates whose text reaches the model. Only these make the prompt version: the built summary
(`fallback_summary.j2`) is rendered by code after the call, like the rest of `ground`, and hashing it made every
recorded exchange stale over a change the model never sees."""


def _template_dir() -> Path:
    """The templates: inside the installed package (`agreement_llm/_prompts`, where the wheel puts `prompts/`), else
    the checkout's `prompts/` (an editable install or running from `src/`)."""
    installed = Path(__file__).resolve().parent / "_prompts"
    if (installed / TEMPLATES[0]).is_file():
        return installed
    return Path(__file__).resolve().parents[2] / "prompts"


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    folder = _template_dir()
    if not (folder / TEMPLATES[0]).is_file():
        raise FileNotFoundError(f"prompt templates not found in {folder}; reinstall agreement-llm")
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # plain text for a model, not HTML
        keep_trailing_newline=False,
    )


@lru_cache(maxsize=4)
def prompt_version(system: str = MODEL_TEMPLATES[0], label: str = "extract") -> str:
    """`label@` plus the first 10 hex digits of the SHA-256 of the templates the model sees (the system prompt
    `system` and the user prompt)."""
    digest = hashlib.sha256()
    for name in (system, MODEL_TEMPLATES[1]):
        digest.update(name.encode())
        digest.update((_template_dir() / name).read_bytes())
    return f"{label}@" + digest.hexdigest()[:10]


def render(name: str, **variables: object) -> str:
    """Render one template from `prompts/` with strict undefined variables."""
    return _environment().get_template(name).render(**variables).strip()


def render_messages(
    article: str, *, published_at: str | None, tool_name: str, system: str = MODEL_TEMPLATES[0]
) -> list[dict[str, str]]:
    """The chat messages for one article: a fixed system prompt first (its evaluated prefix is reused across
    calls by llama.cpp), the article last."""
    return [
        {"role": "system", "content": render(system, tool_name=tool_name)},
        {"role": "user", "content": render("extract.user.j2", article=article, published_at=published_at)},
    ]
