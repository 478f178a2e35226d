"""axe-core in the browser tests: WCAG 2.1 AA, failing on serious and critical findings.

axe-core comes from the npm registry as package-lock.json pins it (`make browser-deps` runs
`npm ci --ignore-scripts`); nothing of it is served to users.
"""

from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING = {"serious", "critical"}


def inject(page) -> None:
    """Put axe into the page. Playwright injects the file as an inline script, which the
    portal's CSP refuses: the page's context must be opened with bypass_csp=True."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make browser-deps` (npm ci --ignore-scripts)")
    page.add_script_tag(path=str(AXE))


def serious_violations(page) -> list[str]:
    """One readable line per element that breaks a serious or critical WCAG 2.1 AA rule."""
    inject(page)
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA
    )
    lines = []
    for violation in results["violations"]:
        if violation["impact"] not in FAILING:
            continue
        for node in violation["nodes"][:5]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(
                f"[{violation['impact']}] {violation['id']} at {' '.join(node['target'])}:"
                f" {summary[:300]}"
            )
        if len(violation["nodes"]) > 5:
            lines.append(f"  ... and {len(violation['nodes']) - 5} more of {violation['id']}")
    return lines
