"""A draft as a seed file: top-level ``draft: true``, and a ``draft:`` note (confidence, reason) on each item.

``validate`` checks the file like any seed file (the passages verbatim, the kinds, the ends); ``load`` skips
it until ``cjgraph review`` moves accepted items, without their notes, into an ordinary seed file.
"""

from __future__ import annotations

from .core import Draft, Item


def to_yaml(proposal: Draft) -> str:
    import yaml

    def items(rows: list[Item]) -> list[dict]:
        return [{**row.data, "draft": {"confidence": round(row.confidence, 2), "reason": row.reason}}
                for row in sorted(rows, key=lambda r: (r.line, r.key))]

    body = {"draft": True, "document": proposal.source, "entities": items(proposal.entities),
            "relations": items(proposal.relations)}
    head = (f"# Drafted by `cjgraph draft {proposal.source}`: {len(proposal.entities)} entities and "
            f"{len(proposal.relations)} relations proposed,\n# each with its sentence as evidence. Not loaded "
            "until accepted (cjgraph review); `cjgraph validate` checks it.\n")
    return head + yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=120)
