"""The prompt templates: one folder per step, a system and a user template each.

Templates are jinja2 files rendered with StrictUndefined, so a variable the
caller forgot is an error naming it rather than an empty hole in a prompt.
Prospect text never becomes instructions: templates pass it through the
`data` filter, which JSON-encodes it (and escapes `<`, `>` and `&`) for
placement inside `<prospect_data>` delimiters that the system prompt tells
the model to treat as data only.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta

from outreach.errors import PromptError
from outreach.records import record

ROLES = ("system", "user")
SUFFIX = ".md.j2"


def shipped_dir() -> Path:
    """Where the templates that ship with the package live."""
    spec = importlib.util.find_spec("outreach._prompts")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return Path(__file__).resolve().parent.parent / "prompts"  # a source checkout


def as_data(value: Any) -> str:
    """Encode prospect-supplied text as inert JSON that cannot close a delimiter."""
    text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, default=_plain)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _plain(value: Any) -> Any:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    return str(value)


@record(frozen=True)
class Template:
    name: str  # "<step>/<role>"
    path: Path
    overridden: bool


class PromptLibrary:
    """Find, list and render the step templates, overrides first."""

    def __init__(self, override_dir: str | Path | None = None) -> None:
        self.override_dir = Path(override_dir) if override_dir else None
        if self.override_dir is not None and not self.override_dir.is_dir():
            # Silently using the shipped templates would hide that the overrides never apply.
            raise PromptError(
                f"{self.override_dir}: the prompts folder ([prompts] dir or --prompts-dir)"
                " is not a folder; fix the path or remove the setting"
            )
        self.shipped = shipped_dir()
        search = [str(self.override_dir)] if self.override_dir else []
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([*search, str(self.shipped)]),
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            autoescape=False,
        )
        self.env.filters["data"] = as_data
        # The variables each template needs, found once: batch renders every step per row.
        self._needed: dict[Path, frozenset[str]] = {}

    def names(self) -> list[str]:
        """Every step that has templates, shipped or overridden."""
        steps = set()
        for root in (self.shipped, self.override_dir):
            if root and root.is_dir():
                steps |= {p.parent.name for p in root.glob(f"*/*{SUFFIX}")}
        return sorted(steps)

    def templates(self, step: str) -> list[Template]:
        found = []
        for role in ROLES:
            rel = f"{step}/{role}{SUFFIX}"
            if self.override_dir and (self.override_dir / rel).is_file():
                found.append(Template(rel, self.override_dir / rel, True))
            elif (self.shipped / rel).is_file():
                found.append(Template(rel, self.shipped / rel, False))
        if not found:
            known = ", ".join(self.names()) or "none"
            raise PromptError(f"no prompt named {step!r}; known prompts: {known}")
        return found

    def source(self, step: str) -> str:
        """The raw template text of a step, both roles, for `outreach prompts show`."""
        parts = []
        for template in self.templates(step):
            origin = "override" if template.overridden else "shipped"
            parts.append(f"# {template.name} ({origin}: {template.path})\n")
            parts.append(_read(template))
        return "\n".join(parts)

    def fingerprint(self, step: str) -> str:
        """The concatenated sources of a step, for cache keys that change with the prompts."""
        return "\n".join(_read(t) for t in self.templates(step))

    def render(self, step: str, **variables: Any) -> list[dict[str, str]]:
        """Render a step into chat messages, system first."""
        templates = self.templates(step)
        for template in templates:
            self._check_variables(template, variables)
        messages = []
        for template in templates:
            role = template.name.split("/")[1].removesuffix(SUFFIX)
            messages.append({"role": role, "content": self._render_one(template, variables)})
        return messages

    def _check_variables(self, template: Template, variables: dict[str, Any]) -> None:
        """Name every variable a template needs that the step does not provide."""
        needed = self._needed.get(template.path)
        if needed is None:
            try:
                ast = self.env.parse(_read(template))
            except jinja2.TemplateSyntaxError as exc:
                raise PromptError(f"{template.path}:{exc.lineno}: {exc.message}") from None
            needed = self._needed[template.path] = frozenset(
                jinja2.meta.find_undeclared_variables(ast)
            )
        missing = sorted(needed - set(variables))
        if missing:
            raise PromptError(
                f"{template.path}: needs variable(s) {', '.join(missing)} that the step "
                f"does not provide (it provides: {', '.join(sorted(variables)) or 'none'})"
            )

    def _render_one(self, template: Template, variables: dict[str, Any]) -> str:
        try:
            return self.env.get_template(template.name).render(**variables)
        except jinja2.TemplateSyntaxError as exc:
            raise PromptError(
                f"{exc.filename or template.path}:{exc.lineno}: {exc.message}"
            ) from None
        except jinja2.UndefinedError as exc:
            raise PromptError(f"{template.path}: {exc.message}") from None
        except jinja2.TemplateNotFound as exc:  # {% include %} or {% extends %} of a missing file
            raise PromptError(
                f"{template.path}: includes {exc.name!r}, which is in neither the prompts folder"
                " nor the shipped templates"
            ) from None
        except jinja2.TemplateError as exc:
            raise PromptError(f"{template.path}: {exc.message}") from None
        except UnicodeDecodeError:
            raise PromptError(f"{template.path}: not UTF-8 text") from None
        except (ArithmeticError, LookupError, TypeError, ValueError) as exc:
            # An expression in an edited template failed while rendering ({{ 1/0 }},
            # calling a string): name the template and, where jinja2 kept it, the line.
            raise PromptError(
                f"{template.path}{_template_line(exc, template)}: the template failed while"
                f" rendering: {type(exc).__name__}: {exc}"
            ) from None


def _read(template: Template) -> str:
    try:
        return template.path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise PromptError(f"{template.path}: not UTF-8 text; save the template as UTF-8") from None
    except OSError as exc:
        raise PromptError(f"{template.path}: cannot read the template: {exc.strerror}") from None


def _template_line(exc: BaseException, template: Template) -> str:
    """ ":N" for the template line a rendering error came from, when the traceback has it."""
    import traceback

    line = ""
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename and Path(frame.filename).name == template.path.name:
            line = f":{frame.lineno}"
    return line
