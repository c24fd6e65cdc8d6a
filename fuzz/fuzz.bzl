"""fuzz_target: one libFuzzer target, also built as an ordinary test that replays its corpus."""

def fuzz_target(name, srcs, deps = []):
    """`<name>_fuzz_test` runs LLVMFuzzerTestOneInput over corpus/<name>/.

    Normally (gcc) it links replay_main and `bazel test` replays the corpus and a few hostile
    inputs. Under --config=fuzz (clang with --define=fuzz=1) the same target links libFuzzer's
    main instead, and ./run.sh fuzz runs the binary directly with its corpus directory.
    """
    native.cc_test(
        name = name + "_fuzz_test",
        srcs = srcs + ["fuzz_check.h"],
        # Tests run in the workspace root of their runfiles.
        args = ["fuzz/corpus/" + name],
        data = native.glob(["corpus/%s/**" % name]),
        linkopts = select({
            ":fuzzing": ["-fsanitize=fuzzer"],
            "//conditions:default": [],
        }),
        deps = deps + select({
            ":fuzzing": [],
            "//conditions:default": [":replay_main"],
        }),
    )
