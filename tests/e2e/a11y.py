"""axe-core in a Playwright page: run it, group the violations by impact, print a report.

axe-core comes with the ``axe-playwright-python`` package (a dev dependency); only its bundled
``axe.min.js`` is used. It is evaluated through the DevTools protocol, which the page's
Content-Security-Policy does not govern, so the page itself needs no change.

``check(page, ...)`` returns a :class:`PageResult`; ``Report`` collects them and renders the table
written to ``var/a11y-report.txt`` (page, language, role, counts by impact, rule ids).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Page

IMPACTS = ("critical", "serious", "moderate", "minor")
#: What the tests refuse: any violation of these impacts.
BLOCKING = ("critical", "serious")
#: WCAG 2.x A and AA, and axe's best practices (reported, never blocking unless serious).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

_RUN_JS = """async (tags) => {
  const results = await window.axe.run(document, {
    runOnly: { type: "tag", values: tags },
    resultTypes: ["violations"],
  });
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact || "minor",
    help: v.help,
    nodes: v.nodes.map((n) => ({
      target: n.target.map(String).join(" "),
      html: n.html.slice(0, 240),
      summary: (n.failureSummary || "").slice(0, 400),
    })),
  }));
}"""


@dataclass
class PageResult:
    page: str
    language: str
    role: str
    url: str
    violations: list[dict[str, Any]] = field(default_factory=list)

    def by_impact(self) -> dict[str, list[dict[str, Any]]]:
        grouped: dict[str, list[dict[str, Any]]] = {impact: [] for impact in IMPACTS}
        for violation in self.violations:
            grouped.setdefault(violation["impact"], []).append(violation)
        return grouped

    def counts(self) -> dict[str, int]:
        """Nodes (elements) per impact: one rule failing on 12 links counts 12."""
        return {
            impact: sum(len(v["nodes"]) for v in found)
            for impact, found in self.by_impact().items()
        }

    @property
    def blocking(self) -> list[dict[str, Any]]:
        return [v for v in self.violations if v["impact"] in BLOCKING]

    def details(self, impacts: tuple[str, ...] = IMPACTS) -> str:
        lines = []
        for violation in self.violations:
            if violation["impact"] not in impacts:
                continue
            lines.append(
                f"  [{violation['impact']}] {violation['id']}: {violation['help']}"
                f" ({len(violation['nodes'])} elements)"
            )
            for node in violation["nodes"][:6]:
                lines.append(f"      {node['target']}  {node['html'][:160]}")
                summary = node["summary"].replace("\n", " ")
                if summary:
                    lines.append(f"        {summary[:300]}")
        return "\n".join(lines)


def check(page: Page, *, name: str, language: str, role: str) -> PageResult:
    """Run axe on the page as it is now (WCAG 2 A/AA and best practices)."""
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    violations = page.evaluate(_RUN_JS, TAGS)
    return PageResult(page=name, language=language, role=role, url=page.url, violations=violations)


class Report:
    """Every page's result, as a table and as the details of each violation."""

    def __init__(self) -> None:
        self.results: list[PageResult] = []

    def add(self, result: PageResult) -> PageResult:
        self.results.append(result)
        return result

    def table(self) -> str:
        head = ("page", "lang", "role", *IMPACTS, "rules")
        rows = [head]
        totals = dict.fromkeys(IMPACTS, 0)
        for result in self.results:
            counts = result.counts()
            for impact in IMPACTS:
                totals[impact] += counts.get(impact, 0)
            rules = ", ".join(sorted({v["id"] for v in result.violations})) or "-"
            row = (result.page, result.language, result.role,
                   *(str(counts.get(i, 0)) for i in IMPACTS), rules)  # fmt: skip
            rows.append(row)
        rows.append(("total", "", "", *(str(totals[i]) for i in IMPACTS), ""))
        widths = [max(len(row[i]) for row in rows) for i in range(len(head) - 1)]
        lines = []
        for index, row in enumerate(rows):
            cells = [cell.ljust(widths[i]) for i, cell in enumerate(row[:-1])]
            lines.append("  ".join([*cells, row[-1]]).rstrip())
            if index == 0 or index == len(rows) - 2:
                lines.append("  ".join("-" * w for w in widths) + "  -----")
        return "\n".join(lines)

    def text(self) -> str:
        parts = [
            "axe-core accessibility report (WCAG 2.2 A/AA + best practices)",
            "counts are elements per impact; the tests refuse critical and serious ones",
            "",
            self.table(),
            "",
        ]
        for result in self.results:
            if result.violations:
                parts.append(f"{result.page} ({result.language}, {result.role}) {result.url}")
                parts.append(result.details())
                parts.append("")
        return "\n".join(parts)

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.text(), encoding="utf-8")
