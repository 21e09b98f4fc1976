#!/usr/bin/env python3
"""Checks the Chinese translations of the lessons (assets/lessons/*.json) against their English.

Usage: tests/lessons_zh_check.py [LESSON.json ...]   (default: every lesson in assets/lessons)

For every lesson: a "translations": {"zh": {...}} block at the root with a title, topic and
summary, and one step per English step, in order, each with exactly the fields the English step
has (title, text; observe if it has one; ask if it has a question; choices, as many, if the
question has choices). A translation may reword the prose but not the facts, so each field must
keep the English field's numbers (as a multiset), its mathematical symbols (Greek letters,
sub- and superscripts, operators, arrows: every character outside ASCII, CJK and quotation
marks), and its markup (as many ** and * as the English). Prints one line per problem,
"FILE: where: what", and exits 1 if there is any.
"""
import glob
import json
import os
import re
import sys
from collections import Counter

NUMBER = re.compile(r"\d+(?:\.\d+)?")
# Characters a translation changes freely: CJK ideographs and punctuation, full-width forms,
# typographic quotes and ellipsis.
PROSE_RANGES = [(0x3000, 0x303F), (0x4E00, 0x9FFF), (0xFF00, 0xFFEF)]
PROSE_CHARS = set("“”‘’…")


def symbols(text):
    def prose(ch):
        return ord(ch) < 128 or ch in PROSE_CHARS or any(a <= ord(ch) <= b for a, b in PROSE_RANGES)
    return Counter(ch for ch in text if not prose(ch))


def markup(text):
    bold = text.count("**")
    return bold, text.count("*") - 2 * bold


def has_cjk(text):
    return any(0x4E00 <= ord(ch) <= 0x9FFF for ch in text)


def compare(where, en, zh, problems, numbers=True):
    """One translated string against its English original."""
    if not isinstance(zh, str) or not zh.strip():
        problems.append(f"{where}: missing or empty")
        return
    if numbers and Counter(NUMBER.findall(en)) != Counter(NUMBER.findall(zh)):
        problems.append(f"{where}: numbers {sorted(NUMBER.findall(en))} became {sorted(NUMBER.findall(zh))}")
    if symbols(en) != symbols(zh):
        lost = symbols(en) - symbols(zh)
        added = symbols(zh) - symbols(en)
        problems.append(f"{where}: symbols lost {dict(lost)} added {dict(added)}")
    if markup(en) != markup(zh):
        problems.append(f"{where}: markup (** count, * count) {markup(en)} became {markup(zh)}")


def expected_fields(step):
    fields = ["title", "text"]
    if "observe" in step:
        fields.append("observe")
    if "question" in step:
        fields.append("ask")
        if "choices" in step["question"]:
            fields.append("choices")
    return fields


def check_step(where, en, zh, problems):
    if not isinstance(zh, dict):
        problems.append(f"{where}: not an object")
        return
    fields = expected_fields(en)
    if list(zh) != fields:
        problems.append(f"{where}: fields {list(zh)}, expected {fields} (in that order)")
    q = en.get("question", {})
    originals = {"title": en["title"], "text": en["text"], "observe": en.get("observe"), "ask": q.get("ask")}
    for f in fields:
        if f == "choices":
            choices = zh.get("choices")
            if not isinstance(choices, list) or len(choices) != len(q["choices"]):
                problems.append(f"{where}.choices: {len(q['choices'])} choices expected")
                continue
            for i, (e, z) in enumerate(zip(q["choices"], choices)):
                # A choice may be a bare name kept as it is ("tanh", "MSE").
                compare(f"{where}.choices[{i}]", e, z, problems)
        elif f in zh:
            compare(f"{where}.{f}", originals[f], zh[f], problems)
            if not has_cjk(zh[f]) and f in ("text", "ask", "observe"):
                problems.append(f"{where}.{f}: no Chinese in it")


def check_lesson(path):
    problems = []
    name = os.path.basename(path)
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        return [f"{name}: {e}"]
    zh = doc.get("translations", {}).get("zh")
    if not isinstance(zh, dict):
        return [f"{name}: translations.zh: missing"]
    if set(doc["translations"]) != {"zh"}:
        problems.append(f"{name}: translations: only \"zh\" expected, got {sorted(doc['translations'])}")
    keys = ["title", "topic", "summary", "steps"]
    if list(zh) != keys:
        problems.append(f"{name}: translations.zh: keys {list(zh)}, expected {keys}")
    for k in ("title", "topic", "summary"):
        compare(f"{name}: translations.zh.{k}", doc.get(k, ""), zh.get(k), problems)
    steps = zh.get("steps", [])
    if len(steps) != len(doc["steps"]):
        problems.append(f"{name}: translations.zh.steps: {len(steps)} steps, the lesson has {len(doc['steps'])}")
    for i, (en, z) in enumerate(zip(doc["steps"], steps)):
        check_step(f"{name}: translations.zh.steps[{i}]", en, z, problems)
    return problems


def main(argv):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    paths = argv or sorted(glob.glob(os.path.join(root, "assets", "lessons", "*.json")))
    if not paths:
        print("lessons_zh_check: no lessons found", file=sys.stderr)
        return 1
    problems = [p for path in paths for p in check_lesson(path)]
    for p in problems:
        print(p)
    print(f"lessons_zh_check: {len(paths)} lessons, {len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
