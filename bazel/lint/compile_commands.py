#!/usr/bin/env python3
"""Writes compile_commands.json for the project's own C++ files from `bazel aquery`.

clang-tidy reads it. The flags are Bazel's own for each translation unit, less the GCC-only and
warning flags clang would refuse or turn into errors of its own.

Usage: compile_commands.py OUT_JSON WORKSPACE EXECROOT < aquery.jsonproto

Entries run in WORKSPACE, so clang-tidy finds the sources and .clang-tidy there; Bazel's
`bazel-out` symlink in WORKSPACE resolves generated headers, and `external/` paths are made
absolute under EXECROOT.
"""
import json
import sys

_GCC_ONLY = {
    "-fno-canonical-system-headers",
    "-Wunused-but-set-parameter",
    "-Wno-free-nonheap-object",
    "-Werror",
}
_PROJECT_DIRS = ("engine/", "service/", "clients/", "bench/", "bazel/")


def main() -> int:
    out_path = sys.argv[1]
    workspace, execroot = sys.argv[2], sys.argv[3]
    actions = json.load(sys.stdin).get("actions", [])
    entries = {}
    for action in actions:
        args = action["arguments"]
        if "-c" not in args:
            continue
        source = args[args.index("-c") + 1]
        if not source.startswith(_PROJECT_DIRS) or not source.endswith(".cc"):
            continue
        kept = ["clang++-14"]
        skip_next = False
        for arg in args[1:]:
            if skip_next:
                skip_next = False
                continue
            if arg in ("-MF", "-o"):
                skip_next = True
                continue
            if arg in _GCC_ONLY or arg == "-MD" or arg.startswith("-frandom-seed"):
                continue
            if arg.startswith("-D__DATE__") or arg.startswith("-D__TIME"):
                continue
            if arg.startswith("external/"):
                arg = f"{execroot}/{arg}"
            kept.append(arg)
        # One entry per file: the first configuration Bazel lists is enough for analysis.
        entries.setdefault(source, {"directory": workspace, "file": source, "arguments": kept})
    with open(out_path, "w", encoding="utf-8") as out:
        json.dump(sorted(entries.values(), key=lambda e: e["file"]), out, indent=1)
    print(f"{len(entries)} translation units", file=sys.stderr)
    return 0 if entries else 1


if __name__ == "__main__":
    sys.exit(main())
