"""The POST forms of a rendered page, read from its HTML: each field's name, its kind
(input type, select, textarea), its options and its initial value.

Reading the page rather than the form class covers every form the same way, formsets
and hand-written forms included, and sees exactly what a browser would submit.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class FormField:
    name: str
    kind: str  # an input type ("text", "number", "date", ...), "select" or "textarea"
    options: list[str] = field(default_factory=list)
    initial: list[str] = field(default_factory=list)
    multiple: bool = False


@dataclass
class Form:
    action: str
    fields: dict[str, FormField] = field(default_factory=dict)

    def add(self, name, kind, *, value=None, multiple=False):
        entry = self.fields.setdefault(name, FormField(name, kind, multiple=multiple))
        if value is None:
            return entry
        if kind not in ("radio", "checkbox", "submit"):
            entry.initial.append(value)
        elif value not in entry.options:
            entry.options.append(value)
        return entry


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: FormField | None = None
        self.option: str | None = None
        self.textarea: FormField | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if (attrs.get("method") or "get").lower() == "post":
                self.form = Form(action=attrs.get("action") or "")
                self.forms.append(self.form)
            return
        if self.form is None or not attrs.get("name"):
            if tag == "option" and self.select is not None:
                self._option(attrs)
            return
        name = attrs["name"]
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("radio", "checkbox"):
                entry = self.form.add(name, kind, value=attrs.get("value", "on"))
                if "checked" in attrs:
                    entry.initial.append(attrs.get("value", "on"))
            else:
                self.form.add(name, kind, value=attrs.get("value", ""))
        elif tag == "button" and attrs.get("value") is not None:
            self.form.add(name, "submit", value=attrs["value"])
        elif tag == "select":
            self.select = self.form.add(name, "select", multiple="multiple" in attrs)
        elif tag == "textarea":
            self.textarea = self.form.add(name, "textarea")
            self.textarea.initial.append("")

    def _option(self, attrs):
        self.option = attrs.get("value")
        if self.option is not None:
            self.select.options.append(self.option)
            if "selected" in attrs:
                self.select.initial.append(self.option)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.initial[-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def post_forms(html: str) -> list[Form]:
    parser = _Parser()
    parser.feed(html)
    return parser.forms
