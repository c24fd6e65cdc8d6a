#!/usr/bin/python3
"""Validates OSCAL Assessment Results documents against the NIST JSON schema (draft-07).

usage: validate_oscal.py SCHEMA.json DOC.json...
Prints one line per document, "ok PATH" or "invalid PATH: <where>: <problem>", and exits 1 if any
document is invalid.

The schema's token and name patterns use \\p{L} and \\p{N} (Unicode letters and numbers), which
Python's re module does not know; they are rewritten to the nearest classes re has ([^\\W\\d_] for
letters, \\d for numbers, both Unicode-aware) before validating. Nothing else of the schema changes.
Run with Debian's /usr/bin/python3, which sees python3-jsonschema.
"""
import json
import sys

import jsonschema


def load_schema(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    # In the JSON text the backslash is escaped: "\\p{L}".
    text = text.replace("\\\\p{L}", "[^\\\\W\\\\d_]").replace("\\\\p{N}", "\\\\d")
    return json.loads(text)


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    schema = load_schema(argv[1])
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    bad = 0
    for path in argv[2:]:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        if errors:
            bad += 1
            e = errors[0]
            where = "/".join(str(p) for p in e.absolute_path) or "(document)"
            print(f"invalid {path}: {where}: {e.message[:300]} ({len(errors)} errors)")
        else:
            print(f"ok {path}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
